using System.Globalization;
using Patron.DuckDb;
using Patron.Features.Registry;
using Patron.Features.Sessions;
using Patron.Warehouse;
using Patron.Learning.Data;

namespace Patron.Features.Frames;

/// <summary>The labelled sessions of gold in time order, with their feature matrix: web sessions that started before
/// the scoring cutoff (<c>gold.session_features</c>), or every shopper session (<c>gold.shopper_session_features</c>).</summary>
/// <remarks>Columns come from <see cref="SessionFeatureRegistry"/>; a column without a single value is left out of the
/// matrix. The label (<c>purchased</c>) is read from the label tables into <see cref="Labels"/> only.</remarks>
public sealed class SessionFrame
{
    private readonly Dictionary<string, double[]> _numeric;

    private SessionFrame(SessionKind kind, string[] ids, string?[] customers, DateTime?[] startedAt, int[] months, double[] labels,
        Dictionary<string, double[]> numeric, FeatureMatrix matrix)
    {
        Kind = kind;
        Ids = ids;
        CustomerIds = customers;
        StartedAt = startedAt;
        Months = months;
        Labels = labels;
        _numeric = numeric;
        Matrix = matrix;
    }

    public SessionKind Kind { get; }

    public string[] Ids { get; }

    /// <summary>The known customer of each session; null when anonymous (always for shopper sessions).</summary>
    public string?[] CustomerIds { get; }

    /// <summary>Start time of each web session; null for shopper sessions.</summary>
    public DateTime?[] StartedAt { get; }

    /// <summary>Month 1-12 of each session (of its start for web sessions); 0 when unknown.</summary>
    public int[] Months { get; }

    /// <summary>1 when the session ended in a purchase, else 0.</summary>
    public double[] Labels { get; }

    /// <summary>Every row, the model inputs of the registry.</summary>
    public FeatureMatrix Matrix { get; }

    public int Count => Ids.Length;

    /// <summary>The numeric columns kept as values beside <see cref="Matrix"/>: the baselines' rankings (page views of
    /// web sessions, page value of shopper sessions).</summary>
    public static IReadOnlyList<string> KeptNumeric { get; } = ["page_views", "page_value"];

    /// <summary>A numeric feature column of <see cref="KeptNumeric"/> by name (NaN for NULL).</summary>
    public double[] Numeric(string name) => _numeric.TryGetValue(name, out var column)
        ? column
        : throw new KeyNotFoundException($"The session frame keeps no numeric column '{name}' as values; it keeps {string.Join(", ", _numeric.Keys)} (every feature is in the matrix).");

    /// <summary>Sessions started before the out-of-time window in the warehouse (web sessions; null for shopper
    /// sessions, whose split is made after loading). More than the frame holds when the training sessions were sampled.</summary>
    public long? TrainingSessions { get; private init; }

    /// <summary>Web sessions that started before <paramref name="before"/>, ordered by start time then id: every session
    /// from <paramref name="testFrom"/> on (the out-of-time window), and of the earlier ones at most
    /// <paramref name="maxTraining"/> (0 = all) drawn at random by a seeded hash of the session id.</summary>
    /// <remarks>The sample is drawn in the warehouse so millions of training sessions never reach memory.</remarks>
    public static SessionFrame LoadWeb(DuckDbConnection connection, DateTime before, DateTime testFrom, int maxTraining, long seed) =>
        LoadWeb(connection, before, testFrom, maxTraining, seed, SampleMargin);

    /// <summary>How many times the sample's size the hash ceiling lets through on average (see <see cref="HashCeiling"/>).</summary>
    internal const double SampleMargin = 1.5;

    /// <summary><see cref="LoadWeb(DuckDbConnection, DateTime, DateTime, int, long)"/> with the ceiling's margin given
    /// (tests make it too tight to see the read fall back).</summary>
    internal static SessionFrame LoadWeb(DuckDbConnection connection, DateTime before, DateTime testFrom, int maxTraining, long seed, double margin)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var end = SqlScripts.Timestamp(before);
        var start = SqlScripts.Timestamp(testFrom);
        var features = $"gold.{SessionFeatureBuilder.FeaturesTable}";
        var training = connection.Scalar<long>($"SELECT count(*) FROM {features} WHERE started_at < {start} AND started_at < {end}");

        // Sessions with a feature row in the test window, plus the training sessions kept: the rows to expect (the
        // label join could drop some), counted without running the sample a second time.
        var window = connection.Scalar<long>($"SELECT count(*) FROM {features} WHERE started_at >= {start} AND started_at < {end}");
        var sampled = maxTraining > 0 && training > maxTraining;
        var expected = window + (sampled ? maxTraining : training);
        SessionFrame frame;
        if (!sampled)
        {
            frame = Load(connection, $"""
                SELECT f.*, l.purchased AS label_purchased
                FROM {features} f
                JOIN gold.{SessionFeatureBuilder.LabelsTable} l ON l.session_id = f.session_id
                WHERE f.started_at < {end}
                ORDER BY f.started_at, f.session_id
                """, SessionKind.Web, expected);
        }
        else if (HashCeiling(training, maxTraining, margin) is { } ceiling
            && Load(connection, Sampled(features, start, end, maxTraining, seed, ceiling), SessionKind.Web, expected) is var bounded
            && DistinctBefore(bounded, testFrom) == maxTraining)
        {
            // The ceiling let at least maxTraining sessions through, so the first maxTraining of them by hash are the
            // first maxTraining of all: the same sample as without it.
            frame = bounded;
        }
        else
        {
            frame = Load(connection, Sampled(features, start, end, maxTraining, seed, null), SessionKind.Web, expected);
        }

        return new SessionFrame(frame.Kind, frame.Ids, frame.CustomerIds, frame.StartedAt, frame.Months, frame.Labels, frame._numeric, frame.Matrix)
        {
            TrainingSessions = training,
        };
    }

    /// <summary>The bound below which a session's seeded hash (uniform over the 64-bit range) falls for
    /// <paramref name="margin"/> times <paramref name="sample"/> of the <paramref name="training"/> sessions on average;
    /// null when it would let most of them through anyway.</summary>
    /// <remarks>With a margin of 1.5 the sessions under the bound are about 1.5 times the sample, and fewer than the
    /// sample only far out in the binomial's tail (at 250,000 of 20.6 M sessions, more than 200 standard deviations); the
    /// read then checks and falls back to the whole top-N.</remarks>
    internal static ulong? HashCeiling(long training, int sample, double margin)
    {
        var share = margin * sample / training;
        return share >= 0.5 ? null : (ulong)(share * 18446744073709551616.0);
    }

    /// <summary>Distinct ids of the rows that started before <paramref name="testFrom"/>: the training sessions the
    /// sample kept that joined their labels.</summary>
    private static int DistinctBefore(SessionFrame frame, DateTime testFrom)
    {
        var ids = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < frame.Count; i++)
        {
            if (frame.StartedAt[i] is { } at && at < testFrom)
            {
                ids.Add(frame.Ids[i]);
            }
        }

        return ids.Count;
    }

    /// <summary>The read of the window's sessions and a seeded sample of <paramref name="maxTraining"/> earlier ones:
    /// the ids kept are chosen first, their labels joined to those ids alone, and only then are the wide feature rows
    /// fetched, joined to the narrow labelled ids.</summary>
    /// <remarks>Filtering after a join of every feature row to its label made DuckDB hold every session's wide row
    /// in the join's hash table; filtering the feature rows before that join made it hold the kept sessions' wide rows
    /// (and run out of its pool at 10M lines). Here both hash tables hold ids: the kept ids (semi-join with the
    /// labels) and the kept labelled ids (their wide rows stream past them). A session id has one feature row (the
    /// gold is one row per session), so the rows are those of the join filtered afterwards. A
    /// <paramref name="ceiling"/> keeps only the training sessions whose hash falls below it before the top-N sorts
    /// them: the same sample whenever at least <paramref name="maxTraining"/> fall below it, which the caller checks.</remarks>
    internal static string Sampled(string features, string start, string end, int maxTraining, long seed, ulong? ceiling) =>
        string.Create(CultureInfo.InvariantCulture, $"""
            WITH kept AS (
                SELECT session_id FROM {features} WHERE started_at >= {start} AND started_at < {end}
                UNION ALL
                (SELECT session_id FROM {features}
                WHERE started_at < {start} AND started_at < {end}{(ceiling is { } c ? $" AND hash(session_id, {seed}::BIGINT) < {c}::UBIGINT" : "")}
                ORDER BY hash(session_id, {seed}::BIGINT), session_id
                LIMIT {maxTraining})),
            labelled AS (
                SELECT l.session_id, l.purchased FROM gold.{SessionFeatureBuilder.LabelsTable} l
                WHERE l.session_id IN (SELECT session_id FROM kept))
            SELECT f.*, x.purchased AS label_purchased
            FROM {features} f
            JOIN labelled x ON x.session_id = f.session_id
            WHERE f.started_at < {end}
            ORDER BY f.started_at, f.session_id
            """);

    /// <summary>Every shopper session, ordered by month (unknown months first) then id.</summary>
    public static SessionFrame LoadShoppers(DuckDbConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var sql = $"""
            SELECT f.*, l.purchased AS label_purchased
            FROM gold.{SessionFeatureBuilder.ShopperFeaturesTable} f
            JOIN gold.{SessionFeatureBuilder.ShopperLabelsTable} l ON l.session_id = f.session_id
            ORDER BY f.month NULLS FIRST, f.session_id
            """;
        return Load(connection, sql, SessionKind.Shopper, connection.Scalar<long>($"SELECT count(*) FROM gold.{SessionFeatureBuilder.ShopperFeaturesTable}"));
    }

    /// <summary>The sessions <paramref name="sql"/> selects (features, <c>label_purchased</c>), read into arrays sized
    /// for <paramref name="expected"/> rows, which grow or are trimmed to the rows that come.</summary>
    internal static SessionFrame Load(DuckDbConnection connection, string sql, SessionKind kind, long expected)
    {
        // Streamed chunk by chunk into arrays sized for the expected rows: no materialised result and no double copy of
        // every feature (millions of sessions), only the baselines' columns as doubles beside the float matrix. The
        // arrays grow if more rows come and are trimmed if fewer do.
        var n = checked((int)expected);
        var ids = new string[n];
        var customers = new string?[n];
        var started = new DateTime?[n];
        var months = new int[n];
        var labels = new double[n];
        var sinks = new List<FrameSink>();
        foreach (var feature in SessionFeatureRegistry.Of(kind))
        {
            FrameSink sink = feature.Type == FeatureType.Category
                ? new CategorySink(feature.Name, keep: false)
                : new NumericSink(feature.Name, inMatrix: true, keep: KeptNumeric.Contains(feature.Name, StringComparer.Ordinal));
            sink.Allocate(n);
            sinks.Add(sink);
        }

        var scratch = new double[2048];
        var offset = 0;
        using (var reader = connection.QueryStreaming(sql))
        {
            var idOrdinal = reader.GetOrdinal("session_id");
            var labelOrdinal = reader.GetOrdinal("label_purchased");
            var monthOrdinal = kind == SessionKind.Shopper ? reader.GetOrdinal("month") : -1;
            var startOrdinal = kind == SessionKind.Web ? reader.GetOrdinal("started_at") : -1;
            var customerOrdinal = kind == SessionKind.Web ? reader.GetOrdinal("customer_id") : -1;
            var ordinals = new int[sinks.Count];
            for (var k = 0; k < ordinals.Length; k++)
            {
                ordinals[k] = reader.GetOrdinal(sinks[k].Name);
            }

            while (reader.NextChunk())
            {
                var rows = reader.RowCount;
                if (offset + rows > n)
                {
                    n = Math.Max(offset + rows, n + (n / 4));
                    Resize(n);
                }

                if (scratch.Length < rows)
                {
                    scratch = new double[rows];
                }

                var idColumn = reader.Column(idOrdinal);
                var labelColumn = reader.Column(labelOrdinal);
                var monthColumn = monthOrdinal >= 0 ? reader.Column(monthOrdinal) : null;
                var startColumn = startOrdinal >= 0 ? reader.Column(startOrdinal) : null;
                var customerColumn = customerOrdinal >= 0 ? reader.Column(customerOrdinal) : null;
                for (var r = 0; r < rows; r++)
                {
                    var i = offset + r;
                    ids[i] = idColumn.GetString(r);
                    labels[i] = labelColumn.GetBoolean(r) ? 1 : 0;
                    if (startColumn is not null)
                    {
                        var at = startColumn.GetTimestamp(r);
                        started[i] = at;
                        months[i] = at.Month;
                        customers[i] = customerColumn!.IsNull(r) ? null : customerColumn.GetString(r);
                    }
                    else
                    {
                        months[i] = monthColumn!.IsNull(r) ? 0 : (int)monthColumn.GetInt64(r);
                    }
                }

                for (var k = 0; k < sinks.Count; k++)
                {
                    sinks[k].Read(reader, ordinals[k], offset, scratch);
                }

                offset += rows;
            }
        }

        if (offset != n)
        {
            n = offset;
            Resize(n);
        }

        var numeric = new Dictionary<string, double[]>(StringComparer.Ordinal);
        foreach (var sink in sinks)
        {
            if (sink is NumericSink { Values: { } values })
            {
                numeric[sink.Name] = values;
            }
        }

        return new SessionFrame(kind, ids, customers, started, months, labels, numeric, FrameSink.ReferenceMatrix(sinks));

        void Resize(int count)
        {
            Array.Resize(ref ids, count);
            Array.Resize(ref customers, count);
            Array.Resize(ref started, count);
            Array.Resize(ref months, count);
            Array.Resize(ref labels, count);
            foreach (var sink in sinks)
            {
                sink.Resize(count);
            }
        }
    }

    /// <summary>The start time as the CSV writes it, or empty for shopper sessions.</summary>
    public string StartedText(int row) => StartedAt[row] is { } at ? at.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) : "";
}
