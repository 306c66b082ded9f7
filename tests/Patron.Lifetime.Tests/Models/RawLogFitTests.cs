using Patron.Lifetime.Data;
using Patron.Lifetime.Models;

namespace Patron.Lifetime.Tests.Models;

public sealed class RawLogFitTests
{
    private static CustomerSummary FromRawLog() => CustomerSummaryBuilder.Build(
        TransactionLog.ReadCdnow(SharedData.CdnowSample), new DateOnly(1997, 9, 30), new DateOnly(1998, 6, 30), TimeUnit.Weeks);

    [Fact]
    public void Fits_SummaryBuiltFromRawCdnowLog_MatchPublishedValues()
    {
        // Source: published-values.md. BG/NBD: FHL (2005) / CLVTools; Pareto/NBD: Schmittlein et al. (1987) as in FHL
        // (2005) / CLVTools; MBG/NBD: BTYDplus; Gamma-Gamma: FHL (2005) "RFM and CLV" and Hardie's note 025. Here the
        // summary is computed from CDNOW_sample.txt (unrounded t_x and T) instead of the rounded published CSV.
        var summary = FromRawLog();

        var bg = BgNbdFitter.Fit(summary);
        Golden.AssertSignificant(0.2425945, bg.R);
        Golden.AssertSignificant(4.4136019, bg.Alpha);
        Golden.AssertSignificant(0.7929199, bg.A);
        Golden.AssertSignificant(2.4258881, bg.B);
        Golden.AssertSignificant(-9582.429, bg.Fit!.LogLikelihood, 4);

        var pareto = ParetoNbdFitter.Fit(summary);
        Golden.AssertSignificant(0.55315, pareto.R);
        Golden.AssertSignificant(10.57633, pareto.Alpha);
        Golden.AssertSignificant(0.60625, pareto.S);
        Golden.AssertSignificant(11.67150, pareto.Beta);
        Golden.AssertSignificant(-9594.976, pareto.Fit!.LogLikelihood, 4);

        var mbg = BgNbdFitter.Fit(summary, modified: true);
        Golden.AssertSignificant(0.525, mbg.R);
        Golden.AssertSignificant(6.183, mbg.Alpha);
        Golden.AssertSignificant(0.891, mbg.A);
        Golden.AssertSignificant(1.614, mbg.B);

        var spend = GammaGammaFitter.Fit(summary);
        Golden.AssertSignificant(6.25, spend.P);
        Golden.AssertSignificant(3.74, spend.Q);
        Golden.AssertSignificant(15.44, spend.Gamma);
        Golden.AssertSignificant(-4055.9177, spend.Fit!.LogLikelihood, 4);
    }
}
