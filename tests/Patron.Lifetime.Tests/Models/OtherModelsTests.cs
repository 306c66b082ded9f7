using Patron.Lifetime.Data;
using Patron.Lifetime.Models;

namespace Patron.Lifetime.Tests.Models;

public sealed class OtherModelsTests
{
    [Fact]
    public void MbgNbdFit_CdnowSummary_MatchesBtydPlus()
    {
        // Source: Batislam, Denizel & Filiztekin (2007) model; values from BTYDplus (published-values.md).
        var summary = CustomerSummaryCsv.Read(SharedData.CdnowSummary, TimeUnit.Weeks);

        var model = BgNbdFitter.Fit(summary, modified: true);

        Golden.AssertSignificant(0.525, model.R);
        Golden.AssertSignificant(6.183, model.Alpha);
        Golden.AssertSignificant(0.891, model.A);
        Golden.AssertSignificant(1.614, model.B);
        Assert.Equal("mbgnbd", model.Name);
    }

    [Fact]
    public void GammaGammaFit_CdnowRepeatBuyers_MatchesPublished()
    {
        // Source: Fader, Hardie & Lee (2005), "RFM and CLV", and Hardie's note 025 (published-values.md).
        var summary = CustomerSummaryCsv.Read(SharedData.CdnowSummaryWithSpend, TimeUnit.Weeks);

        var model = GammaGammaFitter.Fit(summary);

        Golden.AssertSignificant(6.25, model.P);
        Golden.AssertSignificant(3.74, model.Q);
        Golden.AssertSignificant(15.44, model.Gamma);
        Assert.NotNull(model.Fit);
        Assert.Equal(-4055.9177, model.Fit.LogLikelihood, 0.01);
        Assert.Equal(946, model.Fit.Customers);
        Assert.InRange(model.FrequencySpendCorrelation, -1.0, 1.0);
    }

    [Fact]
    public void GammaGammaConditionalSpend_FirstTenCustomers_MatchPublished()
    {
        // Source: published-values.md, E[M | x, zbar] for the first 10 customers of the summary file (customers without
        // repeat purchases get the population mean p·gamma/(q − 1)). The published figures come from unrounded estimates,
        // so the fitted model is used rather than the rounded (6.25, 3.74, 15.44).
        var summary = CustomerSummaryCsv.Read(SharedData.CdnowSummaryWithSpend, TimeUnit.Weeks);
        var model = GammaGammaFitter.Fit(summary);
        double[] expected = [24.65, 18.91, 35.17, 35.17, 35.17, 71.46, 18.91, 35.17, 27.28, 35.17];
        for (var i = 0; i < expected.Length; i++)
        {
            Golden.AssertRelative(expected[i], model.ConditionalExpectedSpend(summary.Frequency[i], summary.MeanRepeatSpend![i]), 1e-3);
        }
    }

    [Fact]
    public void GammaGammaConditionalSpend_RoundedPublishedParameters_WithinRounding()
    {
        // Source: published-values.md; with the rounded parameters the repeat buyers' values agree to 1e-3 as well.
        var model = new GammaGammaModel(6.25, 3.74, 15.44);
        Golden.AssertRelative(24.65, model.ConditionalExpectedSpend(2, 22.35), 1e-3);
        Golden.AssertRelative(71.46, model.ConditionalExpectedSpend(7, 73.74), 1e-3);
        Assert.Throws<InvalidOperationException>(() => (model with { Q = 0.9 }).PopulationMeanSpend());
    }

    [Fact]
    public void BgBbFit_Donations_MatchesPublished()
    {
        // Source: Fader, Hardie & Shang (2010), donations table (published-values.md).
        var data = DiscreteSummary.ReadCsv(SharedData.Donations);

        var model = BgBbFitter.Fit(data);

        Golden.AssertSignificant(1.204, model.Alpha);
        Golden.AssertSignificant(0.750, model.Beta);
        Golden.AssertSignificant(0.657, model.Gamma);
        Golden.AssertSignificant(2.783, model.Delta);
        Assert.NotNull(model.Fit);
        Assert.Equal(-33225.58, model.Fit.LogLikelihood, 0.01);
        Assert.Equal(11104, model.Fit.Customers);
        Assert.Equal(0.11, model.ProbabilityAlive(0, 0, 6), 0.005);
        Assert.Equal(0.59, model.ProbabilityAlive(2, 4, 6), 0.005);
        Assert.Equal(0.93, model.ProbabilityAlive(6, 6, 6), 0.005);
    }
}
