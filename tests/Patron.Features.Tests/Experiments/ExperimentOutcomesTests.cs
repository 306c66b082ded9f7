using Patron.DuckDb;
using Patron.Features.Experiments;
using Patron.Features.Tests.Support;

namespace Patron.Features.Tests.Experiments;

public sealed class ExperimentOutcomesTests
{
    // Window: 2024-03-01 for 30 days (looks at days 7, 14, 21, 28 and 30); pre-period 2024-01-31 to 2024-02-29.
    private static readonly DateOnly Start = new(2024, 3, 1);

    private static DuckDbConnection Shop()
    {
        var connection = DuckDbConnection.OpenInMemory();
        new SilverShop()
            .Order("o1", "a", "2024-02-10 10:00:00", null, [new Line("p", 2, 10)])                    // pre-period: 20
            .Order("o2", "a", "2024-03-01 00:00:00", null, [new Line("p", 1, 15), new Line("q", 1, 5)]) // day 0: 20
            .Return("r1", "a", "2024-03-09 12:00:00", new Line("p", -1, 15))                         // day 8: -15, not an order
            .Order("o3", "a", "2024-03-30 23:59:59", null, [new Line("p", 1, 7)])                     // day 29: 7
            .Order("o4", "a", "2024-03-31 00:00:00", null, [new Line("p", 1, 1000)])                  // after the window
            .Order("o5", "b", "2024-03-20 08:00:00", null, [new Line("p", 1, 40), new Line("z", 1, 9999, Outlier: true)]) // day 19: 40, outlier left out
            .Order("o6", "b", "2024-01-30 08:00:00", null, [new Line("p", 1, 500)])                   // before the pre-period
            .Order("o7", "x", "2024-03-02 08:00:00", null, [new Line("p", 1, 60)])                    // not assigned
            .WriteTo(connection);
        return connection;
    }

    [Fact]
    public void Read_HandWrittenShop_RevenueNetOfReturnsOrdersAndLooksAsComputedByHand()
    {
        using var connection = Shop();

        var outcomes = ExperimentOutcomes.Read(connection, ["b", "a", "c"], Start, 30);

        Assert.Equal([7, 14, 21, 28, 30], outcomes.LookDays);
        Assert.Equal([40.0, 12.0, 0.0], outcomes.Revenue);
        Assert.Equal([1.0, 2.0, 0.0], outcomes.Orders);
        Assert.Equal([0.0, 20.0, 0.0], outcomes.PreRevenue);
        Assert.Equal([0.0, 1.0, 0.0], outcomes.PreOrders);
        Assert.Equal([0.0, 20.0, 0.0], outcomes.RevenueAtLook[0]);   // up to day 7
        Assert.Equal([0.0, 5.0, 0.0], outcomes.RevenueAtLook[1]);    // the return on day 8 counts from day 14
        Assert.Equal([40.0, 5.0, 0.0], outcomes.RevenueAtLook[2]);   // b's order of day 19
        Assert.Equal([40.0, 5.0, 0.0], outcomes.RevenueAtLook[3]);
        Assert.Equal([1.0, 1.0, 0.0], outcomes.Metric("conversion", 4));
        Assert.Equal([0.0, 1.0, 0.0], outcomes.Covariate("conversion"));
    }

    [Fact]
    public void Read_CustomerListedTwice_IsRefused()
    {
        using var connection = Shop();

        var error = Assert.Throws<ArgumentException>(() => ExperimentOutcomes.Read(connection, ["a", "a"], Start, 30));

        Assert.Contains("'a'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_UnknownMetric_NamesTheKnownOnes()
    {
        using var connection = Shop();
        var outcomes = ExperimentOutcomes.Read(connection, ["a"], Start, 30);

        var error = Assert.Throws<ArgumentException>(() => outcomes.Metric("margin", 0));

        Assert.Contains("revenue, orders or conversion", error.Message, StringComparison.Ordinal);
    }
}
