using System.Xml.Linq;
using Patron.Lifetime.Data;
using Patron.Lifetime.Evaluation;
using Patron.Lifetime.Models;
using Patron.Pipeline.Report.Charts;

namespace Patron.Pipeline.Tests.Report;

public sealed class LifetimeChartsTests
{
    private static readonly XNamespace SvgNs = "http://www.w3.org/2000/svg";

    [Fact]
    public void Charts_Cdnow_WellFormedDeterministicWithTheExpectedSeries()
    {
        var log = TransactionLog.ReadCdnow(TestData.CdnowSample);
        var summary = CustomerSummaryBuilder.Build(log, new DateOnly(1997, 9, 30), new DateOnly(1998, 6, 30), TimeUnit.Weeks);
        var model = new BgNbdModel(0.2425945, 4.4136019, 0.7929199, 2.4258881);
        var curve = TrackingCurve.Compute(model, summary, 78, 1, log, new DateOnly(1997, 9, 30));
        var comparison = HoldoutComparison.Compute(model, summary);

        string[] first = [LifetimeCharts.Tracking(curve, "weeks"), LifetimeCharts.HoldoutByFrequency(comparison), LifetimeCharts.AliveHeatmap(model, 38.86, 20, 20, "weeks")];
        string[] second = [LifetimeCharts.Tracking(curve, "weeks"), LifetimeCharts.HoldoutByFrequency(comparison), LifetimeCharts.AliveHeatmap(model, 38.86, 20, 20, "weeks")];

        Assert.Equal(first, second);
        var documents = first.Select(XDocument.Parse).ToArray();
        Assert.All(documents, d => Assert.Equal(SvgNs + "svg", d.Root!.Name));

        // Tracking: an actual and an expected line, one point per grid time, and the calibration marker.
        var tracking = Lines(documents[0]);
        Assert.Equal(new[] { "actual", "expected" }, tracking.Select(l => l.Name));
        Assert.All(tracking, l => Assert.Equal(curve.Times.Length, l.Points));
        Assert.Contains("end of calibration", first[0]);

        // Holdout: actual and expected over the frequency buckets, the last labelled 7+.
        var holdout = Lines(documents[1]);
        Assert.Equal(new[] { "actual", "expected" }, holdout.Select(l => l.Name));
        Assert.All(holdout, l => Assert.Equal(comparison.Buckets.Count, l.Points));
        Assert.Contains(">7+<", first[1]);

        // Heatmap: one shaded cell per frequency 0..20 and recency bin, each with its probability on hover.
        var cells = documents[2].Descendants(SvgNs + "rect").Where(r => r.Element(SvgNs + "title") is not null).ToArray();
        Assert.Equal(21 * 20, cells.Length);
        Assert.Contains(cells, c => c.Element(SvgNs + "title")!.Value.StartsWith("x = 0, ", StringComparison.Ordinal));
        Assert.Contains(cells, c => c.Element(SvgNs + "title")!.Value.StartsWith("x = 20, ", StringComparison.Ordinal));
    }

    private static (string Name, int Points)[] Lines(XDocument svg) =>
        svg.Descendants(SvgNs + "polyline")
            .Select(p => (p.Element(SvgNs + "title")!.Value, p.Attribute("points")!.Value.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length))
            .ToArray();
}
