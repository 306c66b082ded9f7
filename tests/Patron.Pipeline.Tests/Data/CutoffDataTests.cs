using Patron.Features.Frames;
using Patron.Features.Lifetime;
using Patron.Learning.Data;
using Patron.Learning.Evaluation;
using Patron.Pipeline.Data;
using Patron.Pipeline.Tests.Support;
using Patron.Warehouse;

namespace Patron.Pipeline.Tests.Data;

public sealed class CutoffDataTests(DemoRunFixture fixture) : IClassFixture<DemoRunFixture>
{
    [Fact]
    public void FromInputs_ThreeCutoffsOfARun_SameMatricesAndColumnsAsTheDoubleFrames()
    {
        using var connection = WarehouseFile.Open(fixture.Options.WarehousePath, readOnly: true);
        var h = fixture.Options.HorizonDays;
        var scoring = fixture.Summary.ScoringCutoff;
        CutoffData? oldReference = null;
        CutoffData? newReference = null;
        foreach (var cutoff in new[] { scoring.AddDays(-h), scoring.AddDays(-2 * h), scoring })
        {
            var frame = CustomerFrame.Load(connection, cutoff, h);
            var before = oldReference is null
                ? CutoffData.Reference(frame, LifetimeScores.Read(connection, frame, [h], out _))
                : CutoffData.Like(oldReference, frame, LifetimeScores.Read(connection, frame, [h], out _));
            var inputs = CustomerFrame.LoadInputs(connection, cutoff, h, newReference?.Plain.Schema, CutoffData.KeptColumns);
            var after = CutoffData.FromInputs(inputs, LifetimeScores.Read(connection, inputs.Frame, [h], out _), newReference);
            oldReference ??= before;
            newReference ??= after;

            // More than one DuckDB chunk (2,048 rows), so the streaming crosses chunk boundaries.
            Assert.True(after.Frame.Count > 2_048, $"{after.Frame.Count} customers at {cutoff}");
            AssertSameMatrix(before.Plain, after.Plain);
            Assert.NotNull(before.WithLifetime);
            AssertSameMatrix(before.WithLifetime!, after.WithLifetime!);
            Assert.Equal(before.Frame.Ids, after.Frame.Ids);
            Assert.Equal(before.Frame.Segments, after.Frame.Segments);
            foreach (var name in CustomerFrame.LabelNames)
            {
                Assert.Equal(before.Frame.Labels[name], after.Frame.Labels[name]);
            }

            Assert.Equal(before.Frame.NumericColumns.Select(c => c.Key), after.Frame.NumericColumns.Select(c => c.Key));
            foreach (var (name, values) in before.Frame.NumericColumns)
            {
                Assert.Equal(values, after.Frame.Numeric(name));
            }
        }
    }

    [Fact]
    public void AtRows_SampleOfTheRows_MatricesEqualTheWholeOnesAtThoseRows_FrameKeepsEveryCustomer()
    {
        using var connection = WarehouseFile.Open(fixture.Options.WarehousePath, readOnly: true);
        var h = fixture.Options.HorizonDays;
        var cutoff = fixture.Summary.ScoringCutoff.AddDays(-h);
        var inputs = CustomerFrame.LoadInputs(connection, cutoff, h, null, CutoffData.KeptColumns);
        var whole = CutoffData.FromInputs(inputs, LifetimeScores.Read(connection, inputs.Frame, [h], out _), null);
        Assert.NotNull(whole.WithLifetime);
        var rows = Patron.Learning.Evaluation.RowSample.Stratified(whole.Frame.Labels["churn"], whole.Frame.Count / 3, 7)!;

        var cut = whole.AtRows(rows);

        Assert.Null(whole.MatrixRows);
        Assert.Same(rows, cut.MatrixRows);
        AssertSameMatrix(whole.Plain.SelectRows(rows), cut.Plain);
        AssertSameMatrix(whole.WithLifetime!.SelectRows(rows), cut.WithLifetime!);
        Assert.Equal(rows.Length, cut.Plain.RowCount);

        // The lifetime view shares the cut plain view's arrays, as the whole views do.
        for (var j = 0; j < cut.Plain.ColumnCount; j++)
        {
            Assert.True(cut.Plain.Column(j) == cut.WithLifetime!.Column(j), $"column {j} is a copy");
        }

        Assert.Equal(whole.Frame.Ids, cut.Frame.Ids);
        Assert.Equal(whole.Frame.Labels["churn"], cut.Frame.Labels["churn"]);
        Assert.Throws<InvalidOperationException>(() => cut.AtRows(rows));
    }

    [Fact]
    public void ForScoring_ScoringCutoff_SameMatricesIdsValuesAndLifetimeNoLabels()
    {
        using var connection = WarehouseFile.Open(fixture.Options.WarehousePath, readOnly: true);
        var h = fixture.Options.HorizonDays;
        var cutoff = fixture.Summary.ScoringCutoff;
        var inputs = CustomerFrame.LoadInputs(connection, cutoff, h, null, CutoffData.KeptColumns);
        var whole = CutoffData.FromInputs(inputs, LifetimeScores.Read(connection, inputs.Frame, [h], out _), null);
        Assert.Equal(CustomerFrame.LabelNames.Count, whole.Frame.Labels.Count);

        var scoring = whole.ForScoring();

        Assert.Empty(scoring.Frame.Labels);
        Assert.Same(whole.Plain, scoring.Plain);
        Assert.Same(whole.WithLifetime, scoring.WithLifetime);
        Assert.Same(whole.Lifetime, scoring.Lifetime);
        Assert.Same(whole.Frame.Ids, scoring.Frame.Ids);
        Assert.Equal(whole.Frame.NumericColumns.Select(c => c.Key), scoring.Frame.NumericColumns.Select(c => c.Key));
        Assert.Same(whole.Frame.Numeric("net_revenue"), scoring.Frame.Numeric("net_revenue"));
        Assert.Same(whole.Frame.Segments, scoring.Frame.Segments);
        Assert.Equal(whole.Frame.Cutoff, scoring.Frame.Cutoff);
    }

    [Fact]
    public void ForOutOfTimeFits_CutCutoff_KeepsMatricesLabelsIdsAndPastSpendLetsTheRestGo()
    {
        using var connection = WarehouseFile.Open(fixture.Options.WarehousePath, readOnly: true);
        var h = fixture.Options.HorizonDays;
        var cutoff = fixture.Summary.ScoringCutoff.AddDays(-2 * h);
        var inputs = CustomerFrame.LoadInputs(connection, cutoff, h, null, CutoffData.KeptColumns);
        var whole = CutoffData.FromInputs(inputs, LifetimeScores.Read(connection, inputs.Frame, [h], out _), null);
        Assert.NotNull(whole.Lifetime);
        Assert.Throws<InvalidOperationException>(() => whole.ForOutOfTimeFits());
        var rows = Patron.Learning.Evaluation.RowSample.Stratified(whole.Frame.Labels["churn"], whole.Frame.Count / 2, 11)!;
        var cut = whole.AtRows(rows);

        var slim = cut.ForOutOfTimeFits();

        Assert.Same(cut.Plain, slim.Plain);
        Assert.Same(cut.WithLifetime, slim.WithLifetime);
        Assert.Same(rows, slim.MatrixRows);
        Assert.Same(whole.Frame.Ids, slim.Frame.Ids);
        foreach (var name in CustomerFrame.LabelNames)
        {
            Assert.Same(whole.Frame.Labels[name], slim.Frame.Labels[name]);
        }

        Assert.Same(whole.Frame.Numeric("net_revenue"), slim.Frame.Numeric("net_revenue"));
        Assert.Equal(["net_revenue"], slim.Frame.NumericColumns.Select(c => c.Key));
        Assert.Same(whole.Lifetime!.Model, slim.Lifetime!.Model);
        Assert.Same(whole.Lifetime.Spend, slim.Lifetime.Spend);
        Assert.Empty(slim.Lifetime.Columns);
    }

    [Theory]
    [InlineData(3)]
    [InlineData(1)]
    public void FromInputs_EarlierCutoffReadAtItsSample_SameAsTheWholeReadCutAtRowsForOutOfTimeFits(int share)
    {
        using var connection = WarehouseFile.Open(fixture.Options.WarehousePath, readOnly: true);
        var h = fixture.Options.HorizonDays;
        var scoring = fixture.Summary.ScoringCutoff;
        var trainInputs = CustomerFrame.LoadInputs(connection, scoring.AddDays(-h), h, null, CutoffData.KeptColumns);
        var train = CutoffData.FromInputs(trainInputs, LifetimeScores.Read(connection, trainInputs.Frame, [h], out _), null);
        var earliest = scoring.AddDays(-2 * h);
        var max = (int)(CustomerFrame.CountAt(connection, earliest) / share);
        Func<IReadOnlyDictionary<string, double[]>, int[]?> sample = labels => RowSample.Stratified(labels["churn"], max, 42);

        // The models stage before: every row read, then cut to the sample.
        var wholeInputs = CustomerFrame.LoadInputs(connection, earliest, h, train.Plain.Schema, CutoffData.KeptColumns, train.Frame.Ids);
        var whole = CutoffData.FromInputs(wholeInputs, LifetimeScores.Read(connection, wholeInputs.Frame, [h], out _), train);
        var rows = sample(whole.Frame.Labels);
        var expected = rows is null ? whole : whole.AtRows(rows).ForOutOfTimeFits();

        var inputs = CustomerFrame.LoadInputs(connection, earliest, h, train.Plain.Schema, CutoffData.KeptColumns, train.Frame.Ids, sample);
        var read = CutoffData.FromInputs(inputs, LifetimeScores.Read(connection, earliest, inputs.MatrixIds(), [h], out _), train);
        var actual = read.MatrixRows is null ? read : read.ForOutOfTimeFits();

        Assert.Equal(share > 1, rows is not null);
        Assert.Equal(expected.MatrixRows, actual.MatrixRows);
        Assert.True(whole.Frame.Count > 2_048, $"{whole.Frame.Count} customers at {earliest}");
        AssertSameMatrix(expected.Plain, actual.Plain);
        Assert.NotNull(expected.WithLifetime);
        AssertSameMatrix(expected.WithLifetime!, actual.WithLifetime!);
        Assert.Equal(expected.Frame.Ids, actual.Frame.Ids);
        foreach (var name in CustomerFrame.LabelNames)
        {
            Assert.Equal(expected.Frame.Labels[name], actual.Frame.Labels[name]);
        }

        Assert.Equal(expected.Frame.NumericColumns.Select(c => c.Key), actual.Frame.NumericColumns.Select(c => c.Key));
        foreach (var (name, values) in expected.Frame.NumericColumns)
        {
            Assert.Equal(values, actual.Frame.Numeric(name));
        }

        Assert.Equal(expected.Frame.Segments, actual.Frame.Segments);
        Assert.Equal(expected.Lifetime!.Model.Parameters, actual.Lifetime!.Model.Parameters);
        Assert.Equal(expected.Lifetime.Spend?.Parameters, actual.Lifetime.Spend?.Parameters);
        Assert.Equal(expected.Lifetime.Columns.Select(c => c.Key), actual.Lifetime.Columns.Select(c => c.Key));
        foreach (var (name, values) in expected.Lifetime.Columns)
        {
            Assert.Equal(values, actual.Lifetime.Column(name));
        }
    }

    private static void AssertSameMatrix(FeatureMatrix expected, FeatureMatrix actual)
    {
        Assert.Equal(expected.Schema, actual.Schema);
        Assert.Equal(expected.RowCount, actual.RowCount);
        for (var j = 0; j < expected.ColumnCount; j++)
        {
            Assert.True(expected.Column(j).SequenceEqual(actual.Column(j)), $"column {expected.Schema[j].Name} differs");
        }
    }
}
