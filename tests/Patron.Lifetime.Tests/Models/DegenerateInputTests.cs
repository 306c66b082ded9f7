using Patron.Lifetime.Data;
using Patron.Lifetime.Models;

namespace Patron.Lifetime.Tests.Models;

public sealed class DegenerateInputTests
{
    private static CustomerSummary Summary(int[] x, double[] tx, double[] t, double[]? spend = null)
    {
        var ids = new string[x.Length];
        for (var i = 0; i < ids.Length; i++)
        {
            ids[i] = $"c{i}";
        }

        return new CustomerSummary(ids, x, tx, t, spend, null, null, TimeUnit.Weeks);
    }

    [Fact]
    public void Fit_EveryoneOneTimeBuyer_ThrowsClearError()
    {
        var summary = Summary([0, 0, 0], [0, 0, 0], [10, 20, 30]);

        var bg = Assert.Throws<LifetimeFitException>(() => BgNbdFitter.Fit(summary));
        var pareto = Assert.Throws<LifetimeFitException>(() => ParetoNbdFitter.Fit(summary));

        Assert.Contains("x = 0", bg.Message);
        Assert.Contains("x = 0", pareto.Message);
    }

    [Fact]
    public void Fit_OneCustomer_ClearErrorOrFiniteResult()
    {
        var summary = Summary([3], [20], [30], [10.0]);
        foreach (var fit in new Func<ITransactionModel>[] { () => BgNbdFitter.Fit(summary), () => BgNbdFitter.Fit(summary, true), () => ParetoNbdFitter.Fit(summary) })
        {
            try
            {
                var model = fit();
                Assert.True(double.IsFinite(model.Fit!.LogLikelihood));
                Assert.True(double.IsFinite(model.ConditionalExpectedPurchases(10, 3, 20, 30)));
                Assert.InRange(model.ProbabilityAlive(3, 20, 30), 0.0, 1.0);
            }
            catch (LifetimeFitException ex)
            {
                Assert.False(string.IsNullOrWhiteSpace(ex.Message));
            }
        }

        Assert.Throws<LifetimeFitException>(() => GammaGammaFitter.Fit(summary));
    }

    [Fact]
    public void GammaGammaFit_ZeroSpendRepeatBuyer_ThrowsNamingTheCustomer()
    {
        var summary = Summary([2, 1, 3], [5, 3, 8], [10, 10, 10], [12.0, 0.0, 7.0]);

        var error = Assert.Throws<LifetimeFitException>(() => GammaGammaFitter.Fit(summary));

        Assert.Contains("'c1'", error.Message);
    }

    [Fact]
    public void GammaGammaFit_NoSpendColumn_Throws()
    {
        Assert.Throws<LifetimeFitException>(() => GammaGammaFitter.Fit(Summary([1, 2], [1, 2], [3, 3])));
    }

    [Fact]
    public void Fit_NoDropoutSignal_ClearErrorOrFiniteResult()
    {
        // Everyone bought at the very end of calibration: nothing tells purchase rates from dropout.
        var summary = Summary([5, 5, 5, 5], [10, 10, 10, 10], [10, 10, 10, 10]);
        try
        {
            var model = BgNbdFitter.Fit(summary);
            Assert.True(double.IsFinite(model.Fit!.LogLikelihood));
            Assert.False(double.IsNaN(model.ExpectedPurchases(5)));
        }
        catch (LifetimeFitException ex)
        {
            Assert.Contains("bgnbd", ex.Message);
        }
    }
}
