using Patron.Server.Live;

namespace Patron.Server.Tests.Live;

public sealed class LiveWindowTests
{
    [Fact]
    public void Due_AfterTheWindow_MeansPerGroupAndPerUpdateByStep()
    {
        var clock = new ManualClock();
        var window = new LiveWindow(clock);
        window.Committed(3, 40, new Dictionary<string, double> { ["bronze"] = 10, ["silver"] = 20 });
        window.Committed(5, 60, new Dictionary<string, double> { ["bronze"] = 30 });
        window.Updated(8, 90, 120);
        window.Features(50, new Dictionary<string, double> { ["kernel"] = 25 });

        Assert.Null(window.Due(TimeSpan.FromSeconds(10)));
        clock.Now += TimeSpan.FromSeconds(11);
        var summary = window.Due(TimeSpan.FromSeconds(10));

        Assert.NotNull(summary);
        Assert.StartsWith("8 requests in 2 groups over 11.0 s; commit mean 50.0 ms, max 60.0 ms (mean per step: bronze 20.0 silver 10.0)", summary, StringComparison.Ordinal);
        Assert.Contains("; 8 customers in 1 updates, mean 90.0 ms (features 50.0 ms), max 90.0 ms (mean per step: kernel 25.0);", summary, StringComparison.Ordinal);
        Assert.Null(window.Due(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public void Due_NoStepTimed_NoStepList()
    {
        var clock = new ManualClock();
        var window = new LiveWindow(clock);
        window.Committed(1, 7);
        clock.Now += TimeSpan.FromSeconds(1);

        var summary = window.Due(TimeSpan.Zero);

        Assert.NotNull(summary);
        Assert.DoesNotContain("mean per step", summary, StringComparison.Ordinal);
    }

    private sealed class ManualClock : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = new(2026, 12, 6, 0, 0, 0, TimeSpan.Zero);

        public override DateTimeOffset GetUtcNow() => Now;
    }
}
