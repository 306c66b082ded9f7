using Patron.Lifetime.Models;

namespace Patron.Lifetime.Tests.Models;

public sealed class ModelConsistencyTests
{
    public static TheoryData<bool> Variants => new() { false, true };

    [Theory]
    [MemberData(nameof(Variants))]
    public void ProbabilityOfPurchases_SumsToOneAndMeanIsExpectedPurchases(bool modified)
    {
        var model = new BgNbdModel(0.525, 6.183, 0.891 + 1.0, 1.614, modified);
        const double t = 30.0;
        double total = 0.0, mean = 0.0;
        for (var n = 0; n < 400; n++)
        {
            var p = model.ProbabilityOfPurchases(t, n);
            total += p;
            mean += n * p;
        }

        Assert.Equal(1.0, total, 1e-9);
        Assert.Equal(model.ExpectedPurchases(t), mean, 1e-8);
    }

    [Fact]
    public void ParetoNbdProbabilityOfPurchases_SumsToOneAndMeanIsExpectedPurchases()
    {
        var model = new ParetoNbdModel(0.55315, 10.57633, 0.60625, 11.67150);
        const double t = 39.0;
        double total = 0.0, mean = 0.0;
        for (var n = 0; n < 300; n++)
        {
            var p = model.ProbabilityOfPurchases(t, n);
            total += p;
            mean += n * p;
        }

        Assert.Equal(1.0, total, 1e-8);
        Assert.Equal(model.ExpectedPurchases(t), mean, 1e-7);
        Assert.Equal(((ITransactionModel)model).ProbabilityNoPurchase(t, 0, 0, 0), model.ProbabilityOfPurchases(t, 0), 1e-9);
    }

    [Theory]
    [MemberData(nameof(Variants))]
    public void ProbabilityNoPurchase_NewCustomer_EqualsProbabilityOfZero(bool modified)
    {
        ITransactionModel model = new BgNbdModel(0.243, 4.414, 0.793, 2.426, modified);

        // A customer just acquired (x = 0, T = 0) is the "new customer" of P(X(t) = 0).
        Assert.Equal(((BgNbdModel)model).ProbabilityOfPurchases(20, 0), model.ProbabilityNoPurchase(20, 0, 0, 0), 1e-12);
    }

    [Fact]
    public void ConditionalExpectedPurchases_NewCustomer_EqualsUnconditional()
    {
        ITransactionModel[] models =
        [
            new BgNbdModel(0.243, 4.414, 0.793, 2.426),
            new BgNbdModel(0.525, 6.183, 0.891, 1.614, Modified: true),
            new ParetoNbdModel(0.553, 10.58, 0.606, 11.67),
        ];
        foreach (var model in models)
        {
            Assert.Equal(model.ExpectedPurchases(25), model.ConditionalExpectedPurchases(25, 0, 0, 0), 1e-10);
        }
    }

    [Fact]
    public void BgBb_NewCustomer_ConditionalEqualsUnconditional()
    {
        // Donations parameters, Fader, Hardie & Shang (2010).
        var model = new BgBbModel(1.204, 0.750, 0.657 + 1.0, 2.783);

        Assert.Equal(model.ExpectedPurchases(5), model.ConditionalExpectedPurchases(5, 0, 0, 0), 1e-10);
        Assert.Equal(1.0, model.ProbabilityAlive(0, 0, 0) / (2.783 / (0.657 + 1.0 + 2.783)), 1e-10);
    }

    [Fact]
    public void ExpectedPurchases_MbgNbd_MatchesSimulationFreeIdentity()
    {
        // MBG/NBD = BG/NBD with one extra survival chance at time 0: E_MBG(t; a, b) = b/(a+b) · E_BG(t; a, b+1).
        var mbg = new BgNbdModel(0.5, 6.0, 1.3, 1.6, Modified: true);
        var bg = new BgNbdModel(0.5, 6.0, 1.3, 2.6);

        Assert.Equal(1.6 / 2.9 * bg.ExpectedPurchases(40), mbg.ExpectedPurchases(40), 1e-12);
    }
}
