using Patron.Lifetime.Data;
using Patron.Lifetime.Models;

namespace Patron.Lifetime.Tests.Models;

public sealed class LikelihoodGradientTests
{
    public static TheoryData<string, double[]> Points => new()
    {
        { "bgnbd", [0.3, 5.0, 0.9, 2.0] },
        { "bgnbd", [2.0, 0.5, 3.0, 0.2] },
        { "mbgnbd", [0.5, 6.0, 0.9, 1.6] },
        { "pareto-nbd", [0.55, 10.6, 0.61, 11.7] },
        { "pareto-nbd", [0.4, 30.0, 1.5, 2.0] },
        { "bgbb", [1.2, 0.75, 0.66, 2.8] },
        { "gamma-gamma", [6.0, 3.5, 15.0] },
    };

    [Theory]
    [MemberData(nameof(Points))]
    public void Evaluate_AnalyticGradient_MatchesCentralDifferences(string model, double[] theta)
    {
        var summary = CustomerSummaryCsv.Read(SharedData.CdnowSummaryWithSpend, TimeUnit.Weeks);
        var rows = CalibrationRows.From(summary);
        LogLikelihood ll = model switch
        {
            "bgnbd" => new BgNbdLikelihood(rows, false, int.MaxValue).Evaluate,
            "mbgnbd" => new BgNbdLikelihood(rows, true, 100).Evaluate,
            "pareto-nbd" => new ParetoNbdLikelihood(rows, int.MaxValue).Evaluate,
            "bgbb" => new BgBbLikelihood(DiscreteSummary.ReadCsv(SharedData.Donations)).Evaluate,
            _ => GammaGamma(summary).Evaluate,
        };
        var gradient = new double[theta.Length];
        ll(theta, gradient);
        var scratch = new double[theta.Length];
        for (var i = 0; i < theta.Length; i++)
        {
            var h = 1e-6 * theta[i];
            var plus = (double[])theta.Clone();
            var minus = (double[])theta.Clone();
            plus[i] += h;
            minus[i] -= h;
            var numeric = (ll(plus, scratch) - ll(minus, scratch)) / (2 * h);
            Assert.True(Math.Abs(numeric - gradient[i]) <= 1e-5 * Math.Max(1.0, Math.Abs(numeric)),
                $"{model} parameter {i}: analytic {gradient[i]}, numeric {numeric}");
        }
    }

    [Fact]
    public void Evaluate_ParallelRows_EqualsSerialSum()
    {
        var rows = CalibrationRows.From(CustomerSummaryCsv.Read(SharedData.CdnowSummary, TimeUnit.Weeks));
        double[] theta = [0.24, 4.4, 0.79, 2.4];
        var serial = new double[4];
        var parallel = new double[4];

        var a = new BgNbdLikelihood(rows, false, int.MaxValue).Evaluate(theta, serial);
        var b = new BgNbdLikelihood(rows, false, 1).Evaluate(theta, parallel);

        Assert.Equal(a, b, 1e-9);
        for (var i = 0; i < 4; i++)
        {
            Assert.Equal(serial[i], parallel[i], 1e-9);
        }
    }

    private static GammaGammaLikelihood GammaGamma(CustomerSummary summary)
    {
        var xs = new List<int>();
        var zs = new List<double>();
        for (var i = 0; i < summary.Count; i++)
        {
            if (summary.Frequency[i] > 0)
            {
                xs.Add(summary.Frequency[i]);
                zs.Add(summary.MeanRepeatSpend![i]);
            }
        }

        var weights = new double[xs.Count];
        Array.Fill(weights, 1.0);
        return new GammaGammaLikelihood([.. xs], [.. zs], weights);
    }
}
