using Patron.DuckDb;
using Patron.Features.Frames;
using Patron.Features.Registry;
using Patron.Features.Sessions;
using Patron.Features.Tests.Sessions;
using Patron.Learning.Data;

namespace Patron.Features.Tests.Frames;

public sealed class SessionFrameTests
{
    private static readonly DateTime Before = new(2024, 7, 1);

    [Fact]
    public void LoadWeb_SessionsInTimeOrder_MatrixAsTheBuilderMakesItFromWholeColumns()
    {
        using var connection = Tiny();

        var frame = SessionFrame.LoadWeb(connection, Before, new DateTime(2024, 6, 10), maxTraining: 0, seed: 1);

        Assert.Equal(["A1", "S2", "S3", "S4"], frame.Ids);
        Assert.Equal(["0", "1", "0", "0"], frame.Labels.Select(v => v.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Equal(new string?[] { null, "C1", "C1", "C1" }, frame.CustomerIds);
        Assert.Equal(new DateTime(2024, 6, 10, 12, 0, 0), frame.StartedAt[1]);
        Assert.Equal(1, frame.TrainingSessions);
        Assert.Equal([3.0, 6.0, 1.0, 4.0], frame.Numeric("page_views"));
        Assert.Throws<KeyNotFoundException>(() => frame.Numeric("duration_sec"));
        AssertSameMatrix(Reference(connection, frame.Count), frame.Matrix);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(100)]
    public void Load_ExpectedRowsOff_ArraysGrowOrShrinkToTheRowsRead(long expected)
    {
        using var connection = Tiny();

        var frame = SessionFrame.Load(connection, Sql, SessionKind.Web, expected);

        Assert.Equal(4, frame.Count);
        Assert.Equal(4, frame.Matrix.RowCount);
        Assert.Equal(4, frame.Labels.Length);
        Assert.Equal(4, frame.StartedAt.Length);
        Assert.Equal(4, frame.Numeric("page_views").Length);
        AssertSameMatrix(Reference(connection, 4), frame.Matrix);
    }

    [Theory]
    [InlineData(1, 1L)]
    [InlineData(7, 1L)]
    [InlineData(7, 42L)]
    [InlineData(20, 5L)]
    [InlineData(38, 9L)]
    public void LoadWeb_TrainingSampled_TheSessionsOfTheSampleJoinedAfterTheFilter(int maxTraining, long seed)
    {
        using var connection = Many();
        var testFrom = new DateTime(2024, 6, 20);

        var frame = SessionFrame.LoadWeb(connection, Before, testFrom, maxTraining, seed);

        // The sample as it was read before: every session joined to its label, then kept when in the window or among the
        // first maxTraining training sessions by the seeded hash of the id.
        var features = $"gold.{SessionFeatureBuilder.FeaturesTable}";
        using var reference = connection.Query(JoinedThenSampled("f.session_id, l.purchased", seed, maxTraining));
        var training = connection.Scalar<long>($"SELECT count(*) FROM {features} WHERE started_at < TIMESTAMP '2024-06-20'");
        Assert.True(training > maxTraining, $"{training} training sessions");
        Assert.Equal(reference["session_id"].ToStringArray(), frame.Ids);
        Assert.Equal(reference["purchased"].ToStringArray().Select(v => v == "true" ? 1.0 : 0.0), frame.Labels);
        Assert.Equal(training, frame.TrainingSessions);
        Assert.Equal(maxTraining, frame.StartedAt.Count(at => at < testFrom));
    }

    [Theory]
    [InlineData(1, 1L, SessionFrame.SampleMargin, true)]
    [InlineData(7, 42L, SessionFrame.SampleMargin, true)]
    [InlineData(7, 3L, SessionFrame.SampleMargin, true)]
    [InlineData(7, 42L, 0.02, false)]
    [InlineData(7, 3L, 0.02, false)]
    [InlineData(20, 5L, 0.02, false)]
    public void LoadWeb_HashCeiling_TheSampleOfTheWholeTopNWhetherEnoughPassOrTheReadFallsBack(int maxTraining, long seed, double margin, bool enough)
    {
        using var connection = Many();
        var testFrom = new DateTime(2024, 6, 20);
        var training = connection.Scalar<long>($"SELECT count(*) FROM gold.{SessionFeatureBuilder.FeaturesTable} WHERE started_at < TIMESTAMP '2024-06-20'");
        var ceiling = SessionFrame.HashCeiling(training, maxTraining, margin);

        var frame = SessionFrame.LoadWeb(connection, Before, testFrom, maxTraining, seed, margin);

        // With enough sessions under the ceiling the bounded read is kept; with too few (a margin made tight) it must
        // have been thrown away and the whole top-N read instead. Either way the rows are the whole top-N's.
        Assert.NotNull(ceiling);
        Assert.Equal(enough, UnderCeiling(connection, seed, ceiling.Value) >= maxTraining);
        AssertSameFrame(SessionFrame.Load(connection, JoinedThenSampled("f.*, l.purchased AS label_purchased", seed, maxTraining), SessionKind.Web, 1), frame);
        Assert.Equal(maxTraining, frame.StartedAt.Count(at => at < testFrom));
    }

    [Theory]
    [InlineData(20_615_224L, 250_000, 1.5, false)]
    [InlineData(100L, 7, 1.5, false)]
    [InlineData(40L, 7, 1.5, false)]
    [InlineData(40L, 20, 1.5, true)]
    [InlineData(10L, 9, 1.5, true)]
    public void HashCeiling_ShareOfTheHashRange_NoneWhenMostSessionsWouldPass(long training, int sample, double margin, bool none)
    {
        var ceiling = SessionFrame.HashCeiling(training, sample, margin);

        Assert.Equal(none, ceiling is null);
        if (ceiling is { } c)
        {
            Assert.Equal(margin * sample / training, c / 18446744073709551616.0, 9);
        }
    }

    private static long UnderCeiling(DuckDbConnection connection, long seed, ulong ceiling) => connection.Scalar<long>(
        $"SELECT count(*) FROM gold.{SessionFeatureBuilder.FeaturesTable} WHERE started_at < TIMESTAMP '2024-06-20' AND hash(session_id, {seed}::BIGINT) < {ceiling}::UBIGINT");

    private static void AssertSameFrame(SessionFrame expected, SessionFrame actual)
    {
        Assert.Equal(expected.Ids, actual.Ids);
        Assert.Equal(expected.Labels, actual.Labels);
        Assert.Equal(expected.CustomerIds, actual.CustomerIds);
        Assert.Equal(expected.StartedAt, actual.StartedAt);
        Assert.Equal(expected.Months, actual.Months);
        Assert.Equal(expected.Numeric("page_views"), actual.Numeric("page_views"));
        AssertSameMatrix(expected.Matrix, actual.Matrix);
    }

    [Theory]
    [InlineData(1, 1L, false)]
    [InlineData(7, 42L, false)]
    [InlineData(20, 5L, true)]
    [InlineData(39, 9L, true)]
    public void LoadWeb_TrainingSampled_EveryArrayAndTheMatrixAsTheJoinFilteredAfterwards(int maxTraining, long seed, bool twoLabelRows)
    {
        using var connection = Many();
        var labels = $"gold.{SessionFeatureBuilder.LabelsTable}";
        if (twoLabelRows)
        {
            // A window or sampled session with a second label row comes twice out of the join, so it must come twice out of the read.
            connection.Execute($"INSERT INTO {labels} SELECT * FROM {labels} WHERE session_id IN ('S05', 'S11', 'S44')");
        }

        var testFrom = new DateTime(2024, 6, 20);

        var frame = SessionFrame.LoadWeb(connection, Before, testFrom, maxTraining, seed);

        // The statement the read used before the labels were joined to the kept ids alone.
        var joinedFirst = SessionFrame.Load(connection, JoinedThenSampled("f.*, l.purchased AS label_purchased", seed, maxTraining), SessionKind.Web, 1);
        Assert.True(frame.TrainingSessions > maxTraining, $"{frame.TrainingSessions} training sessions");
        AssertSameFrame(joinedFirst, frame);
        Assert.Equal(twoLabelRows, frame.Ids.Length != frame.Ids.Distinct(StringComparer.Ordinal).Count());
    }

    [Theory]
    [InlineData(0, 1L)]
    [InlineData(7, 3L)]
    public void LoadWeb_LabelRowsBeyondTheFeatureRowsOrMissing_TheRowsOfTheUnfilteredJoin(int maxTraining, long seed)
    {
        using var connection = Many();
        var labels = $"gold.{SessionFeatureBuilder.LabelsTable}";
        // Label rows without a feature row, inside and outside the window and after it, and feature rows without a
        // label row, training and test: the label side's own filter must keep exactly the pairs the join kept.
        connection.Execute($"""
            INSERT INTO {labels} SELECT 'X' || session_id, started_at, NOT purchased, purchase_amount FROM {labels};
            INSERT INTO {labels} SELECT 'Y' || session_id, started_at + INTERVAL 30 DAY, purchased, purchase_amount FROM {labels} WHERE session_id LIKE 'S%';
            DELETE FROM {labels} WHERE session_id IN ('S03', 'S10', 'S41', 'S47');
            """);
        var testFrom = new DateTime(2024, 6, 20);

        var frame = SessionFrame.LoadWeb(connection, Before, testFrom, maxTraining, seed);

        var features = $"gold.{SessionFeatureBuilder.FeaturesTable}";
        var kept = maxTraining > 0
            ? $"f.session_id IN (SELECT session_id FROM {features} WHERE started_at < TIMESTAMP '2024-06-20' ORDER BY hash(session_id, {seed}::BIGINT), session_id LIMIT {maxTraining})"
            : "f.started_at < TIMESTAMP '2024-06-20'";
        using var reference = connection.Query($"""
            SELECT f.session_id, l.purchased
            FROM {features} f
            JOIN {labels} l ON l.session_id = f.session_id
            WHERE f.started_at < TIMESTAMP '2024-07-01' AND (f.started_at >= TIMESTAMP '2024-06-20' OR {kept})
            ORDER BY f.started_at, f.session_id
            """);
        Assert.Equal(reference["session_id"].ToStringArray(), frame.Ids);
        Assert.Equal(reference["purchased"].ToStringArray().Select(v => v == "true" ? 1.0 : 0.0), frame.Labels);
        Assert.DoesNotContain("S41", frame.Ids);
        Assert.Contains("S42", frame.Ids);
        Assert.DoesNotContain(frame.Ids, id => id.StartsWith('X') || id.StartsWith('Y'));
    }

    private static string Sql => $"""
        SELECT f.*, l.purchased AS label_purchased
        FROM gold.{SessionFeatureBuilder.FeaturesTable} f
        JOIN gold.{SessionFeatureBuilder.LabelsTable} l ON l.session_id = f.session_id
        ORDER BY f.started_at, f.session_id
        """;

    // The double path the frame replaced: the whole result materialised, every feature a double or text column.
    private static FeatureMatrix Reference(DuckDbConnection connection, int rows)
    {
        using var result = connection.Query(Sql);
        var builder = new FeatureMatrixBuilder(rows);
        foreach (var feature in SessionFeatureRegistry.Of(SessionKind.Web))
        {
            if (feature.Type == FeatureType.Category)
            {
                var values = result[feature.Name].ToStringArray();
                if (FrameColumns.HasValue(values))
                {
                    builder.AddCategorical(feature.Name, values);
                }
            }
            else
            {
                var values = result[feature.Name].ToDoubleArray();
                if (FrameColumns.HasValue(values))
                {
                    builder.AddNumeric(feature.Name, values);
                }
            }
        }

        return builder.Build();
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

    // Forty training sessions over the first weeks of June (several at the same instant) and ten in the window after.
    private static DuckDbConnection Many()
    {
        var connection = DuckDbConnection.OpenInMemory();
        var rows = new SessionRows().Product("P1", "Books", 10).Order("O1", "C1", "2024-05-01 10:00:00", purchase: true, [20]);
        for (var i = 0; i < 50; i++)
        {
            var day = i < 40 ? 1 + (i / 3) : 20 + ((i - 40) / 2);
            var started = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"2024-06-{day:D2} {8 + (i % 2):D2}:00:00");
            rows.Session($"S{i:D2}", i % 4 == 0 ? null : $"C{i % 5}", started, 30 + i, 1 + (i % 6), i % 3 == 0 ? "P1" : null, purchased: i % 3 == 1, i % 3 == 1 ? 15 : null);
        }

        rows.WriteTo(connection);
        SessionFeatureBuilder.Build(connection, new SessionBuildOptions { From = new DateTime(2024, 6, 1), To = Before });
        return connection;
    }

    private static DuckDbConnection Tiny()
    {
        var connection = DuckDbConnection.OpenInMemory();
        new SessionRows()
            .Product("P1", "Books", 10).Product("P2", "Books", 20).Product("P4", "Electronics", null)
            .Order("O1", "C1", "2024-05-01 10:00:00", purchase: true, [20])
            .Order("O2", "C1", "2024-06-10 12:00:00", purchase: true, [20])
            .Session("S1", "C1", "2024-05-01 09:00:00", 100, 2, null, purchased: true, 50)
            .Session("S2", "C1", "2024-06-10 12:00:00", 300, 6, "P2", purchased: true, 20)
            .Session("S3", "C1", "2024-06-10 12:00:00", 60, 1, null, purchased: false)
            .Session("S4", "C1", "2024-06-16 20:30:00", null, 4, "P4", purchased: false)
            .Session("A1", null, "2024-06-05 03:00:00", 50, 3, "P1", purchased: false)
            .WriteTo(connection);
        SessionFeatureBuilder.Build(connection, new SessionBuildOptions { From = new DateTime(2024, 6, 1), To = Before });
        return connection;
    }

    /// <summary>The sampled read as it was before the labels were joined to the kept ids alone: every session before
    /// 2024-07-01 joined to its label, then kept when in the window from 2024-06-20 or among the first
    /// <paramref name="maxTraining"/> training sessions by the seeded hash of the id.</summary>
    private static string JoinedThenSampled(string columns, long seed, int maxTraining)
    {
        var features = $"gold.{SessionFeatureBuilder.FeaturesTable}";
        return $"""
            SELECT {columns}
            FROM {features} f
            JOIN gold.{SessionFeatureBuilder.LabelsTable} l ON l.session_id = f.session_id
            WHERE f.started_at < TIMESTAMP '2024-07-01' AND (f.started_at >= TIMESTAMP '2024-06-20' OR f.session_id IN (
                SELECT session_id FROM {features}
                WHERE started_at < TIMESTAMP '2024-06-20' AND started_at < TIMESTAMP '2024-07-01'
                ORDER BY hash(session_id, {seed}::BIGINT), session_id
                LIMIT {maxTraining}))
            ORDER BY f.started_at, f.session_id
            """;
    }
}
