using Patron.Learning.Data;

namespace Patron.Learning.Tests.Trees;

/// <summary>Small seeded data sets for the tree tests.</summary>
internal static class TreeTestData
{
    public static FeatureMatrix Numeric(params float[][] columns)
    {
        var specs = new FeatureSpec[columns.Length];
        for (var j = 0; j < columns.Length; j++)
        {
            specs[j] = new FeatureSpec("x" + j.ToString(System.Globalization.CultureInfo.InvariantCulture), FeatureKind.Numeric);
        }

        return FeatureMatrix.Create(new FeatureSchema(specs), columns);
    }

    /// <summary>A churn-like binary task: numeric features with missing values and one categorical feature.</summary>
    public static (FeatureMatrix X, double[] Y) Churn(int rows, int seed, int numeric = 5)
    {
        var random = new Random(seed);
        var columns = new float[numeric + 1][];
        for (var j = 0; j < columns.Length; j++)
        {
            columns[j] = new float[rows];
        }

        var y = new double[rows];
        for (var i = 0; i < rows; i++)
        {
            double score = 0;
            for (var j = 0; j < numeric; j++)
            {
                var v = (float)((random.NextDouble() * 4) - 2);
                columns[j][i] = v;
                score += j switch
                {
                    0 => 1.5 * v,
                    1 => v * v - 1,
                    2 => v > 0.5 ? 1 : -0.5,
                    _ => 0.1 * v,
                };
            }

            if (random.NextDouble() < 0.1)
            {
                columns[0][i] = float.NaN;
                score += 1.0;
            }

            var category = random.Next(6);
            columns[numeric][i] = category;
            score += category is 1 or 4 ? 1.2 : -0.3;
            var p = 1 / (1 + Math.Exp(-score));
            y[i] = random.NextDouble() < p ? 1 : 0;
        }

        var specs = new List<FeatureSpec>();
        for (var j = 0; j < numeric; j++)
        {
            specs.Add(new FeatureSpec("n" + j.ToString(System.Globalization.CultureInfo.InvariantCulture), FeatureKind.Numeric));
        }

        specs.Add(new FeatureSpec("segment", FeatureKind.Categorical, ["a", "b", "c", "d", "e", "f"]));
        return (FeatureMatrix.Create(new FeatureSchema(specs), columns), y);
    }

    public static double Auc(ReadOnlySpan<double> score, ReadOnlySpan<double> y)
    {
        // Mann-Whitney with midranks for ties.
        var index = new int[score.Length];
        for (var i = 0; i < index.Length; i++)
        {
            index[i] = i;
        }

        var s = score.ToArray();
        Array.Sort(s, index);
        double rankSum = 0;
        double positives = 0;
        var k = 0;
        while (k < s.Length)
        {
            var e = k;
            while (e + 1 < s.Length && s[e + 1] == s[k])
            {
                e++;
            }

            var rank = ((k + e) / 2.0) + 1;
            for (var t = k; t <= e; t++)
            {
                if (y[index[t]] == 1)
                {
                    rankSum += rank;
                    positives++;
                }
            }

            k = e + 1;
        }

        var negatives = s.Length - positives;
        return (rankSum - (positives * (positives + 1) / 2)) / (positives * negatives);
    }
}
