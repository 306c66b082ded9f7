using System.Xml.Linq;
using Patron.Lifetime.Data;
using Patron.Lifetime.Evaluation;
using Patron.Lifetime.Models;
using Patron.Lifetime.Reporting;

namespace Patron.Lifetime.Tests.Reporting;

public sealed class SvgChartsTests
{
    [Fact]
    public void Charts_Cdnow_WellFormedAndDeterministic()
    {
        var log = TransactionLog.ReadCdnow(SharedData.CdnowSample);
        var summary = CustomerSummaryBuilder.Build(log, new DateOnly(1997, 9, 30), new DateOnly(1998, 6, 30), TimeUnit.Weeks);
        var model = new BgNbdModel(0.2425945, 4.4136019, 0.7929199, 2.4258881);
        var curve = TrackingCurve.Compute(model, summary, 78, 1, log, new DateOnly(1997, 9, 30));
        var comparison = HoldoutComparison.Compute(model, summary);

        string[] first = [SvgCharts.Tracking(curve, "weeks"), SvgCharts.HoldoutByFrequency(comparison), SvgCharts.AliveHeatmap(model, 38.86, 20, 20, "weeks")];
        string[] second = [SvgCharts.Tracking(curve, "weeks"), SvgCharts.HoldoutByFrequency(comparison), SvgCharts.AliveHeatmap(model, 38.86, 20, 20, "weeks")];

        Assert.Equal(first, second);
        foreach (var svg in first)
        {
            var root = XDocument.Parse(svg).Root!;
            Assert.Equal("svg", root.Name.LocalName);
        }

        Assert.Contains("end of calibration", first[0]);
        Assert.Contains("7+", first[1]);
        Assert.Equal(21 * 20, XDocument.Parse(first[2]).Descendants().Count(e => e.Name.LocalName == "title"));
    }
}
