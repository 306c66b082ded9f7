using Patron.Learning.Evaluation;
using Patron.Pipeline.Output;

namespace Patron.Pipeline.Tests.Output;

public sealed class MetricsCurvesTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(199)]
    [InlineData(200)]
    [InlineData(201)]
    [InlineData(401)]
    [InlineData(100_003)]
    public void Thin_AnyLength_ThePointsTheWriterKeptWhileWriting(int count)
    {
        var points = new CurvePoint[count];
        for (var i = 0; i < count; i++)
        {
            points[i] = new CurvePoint(i / (double)count, (i * 7 % 13) / 13.0, count - i);
        }

        // The rule metrics.json's curves were written with: every step-th point and the last, step = ceil(count / 200).
        var step = Math.Max(1, (count + 199) / 200);
        var expected = points.Where((_, i) => i % step == 0 || i == count - 1).ToList();

        var kept = MetricsWriter.Thin(points);

        Assert.Equal(expected, kept);
        Assert.InRange(kept.Count, 1, 201);
        Assert.Equal(points[^1], kept[^1]);
    }

    [Fact]
    public void Thin_NoPoints_NoPoints() => Assert.Empty(MetricsWriter.Thin([]));
}
