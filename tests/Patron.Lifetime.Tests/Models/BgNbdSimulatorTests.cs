using Patron.Lifetime.Models;

namespace Patron.Lifetime.Tests.Models;

public sealed class BgNbdSimulatorTests
{
    [Fact]
    public void Fit_SimulatedCustomers_RecoversParameters()
    {
        var truth = new BgNbdModel(0.5, 5.0, 0.8, 2.5);
        var (x, tx, t) = BgNbdSimulator.Simulate(truth, 100_000, 20, 80, seed: 7);

        var model = BgNbdFitter.Fit(CalibrationRows.Collapse(x, tx, t));

        Assert.InRange(model.R, 0.45, 0.55);
        Assert.InRange(model.Alpha, 4.5, 5.5);
        Assert.InRange(model.A, 0.65, 0.95);
        Assert.InRange(model.B, 2.0, 3.0);
        Assert.True(model.Fit!.Converged);
    }

    [Fact]
    public void Simulate_SameSeed_SameHistories()
    {
        var truth = new BgNbdModel(0.5, 5.0, 0.8, 2.5);

        var first = BgNbdSimulator.Simulate(truth, 1000, 1, 52, seed: 3);
        var second = BgNbdSimulator.Simulate(truth, 1000, 1, 52, seed: 3);

        Assert.Equal(first.X, second.X);
        Assert.Equal(first.Recency, second.Recency);
    }
}
