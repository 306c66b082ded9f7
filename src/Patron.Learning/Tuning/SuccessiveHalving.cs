using Patron.Learning.Data;

namespace Patron.Learning.Tuning;

/// <summary>Successive halving (Jamieson &amp; Talwalkar 2016) with rows as the resource: all candidates are
/// cross-validated on a small stratified subsample, the best 1/η go on to η times more rows, until the last rung uses
/// every row.</summary>
public static class SuccessiveHalving
{
    public static TuningResult Run(LearnerFactory factory, ParameterSpace space, FeatureMatrix x, ReadOnlySpan<double> y, ReadOnlySpan<double> sampleWeight, TuningOptions? options = null)
    {
        (options, var candidates) = TuningCore.Start(factory, space, x, options);
        var eta = options.ReductionFactor;
        var rungs = 1;
        for (var n = candidates.Length; n > 1; n = (n + eta - 1) / eta)
        {
            rungs++;
        }

        var order = TuningCore.StratifiedOrder(y, options.Seed);
        var alive = new List<int>();
        for (var c = 0; c < candidates.Length; c++)
        {
            alive.Add(c);
        }

        var trials = new List<Trial>();
        Trial? best = null;
        for (var rung = 0; rung < rungs && alive.Count > 0; rung++)
        {
            var rows = (int)Math.Min(x.RowCount, Math.Max(options.MinRows, x.RowCount / Math.Pow(eta, rungs - 1 - rung)));
            var subset = order.AsSpan(0, rows).ToArray();
            Array.Sort(subset);
            var subX = rows == x.RowCount ? x : x.SelectRows(subset);
            var subY = Pick(y, subset);
            var subW = sampleWeight.IsEmpty ? [] : Pick(sampleWeight, subset);
            var rungTrials = TuningCore.EvaluateAll(factory, candidates, alive, subX, subY, subW, options);
            trials.AddRange(rungTrials);
            rungTrials.Sort((a, b) => TuningCore.Compare(a, b, options.Metric));
            best = rungTrials[0];
            var keep = Math.Max(1, (alive.Count + eta - 1) / eta);
            alive.Clear();
            for (var k = 0; k < keep && rung < rungs - 1; k++)
            {
                alive.Add(rungTrials[k].Candidate);
            }

            if (rows == x.RowCount)
            {
                break;
            }
        }

        return new TuningResult(options.Metric, best!, trials);
    }

    private static double[] Pick(ReadOnlySpan<double> values, int[] rows)
    {
        var result = new double[rows.Length];
        for (var k = 0; k < rows.Length; k++)
        {
            result[k] = values[rows[k]];
        }

        return result;
    }
}
