using System.Globalization;
using Patron.DuckDb;
using Patron.Features.Sessions;
using Patron.Features.Tests.Properties;
using Patron.Warehouse;

namespace Patron.Features.Tests.Sessions;

/// <summary>The session build sums each customer's sessions per start instant and takes the history from running
/// totals over the earlier instants, and ranks only the ids given more than once. Seeded random shops with shared
/// instants, anonymous and repeated sessions, missing measures and outlier lines give the same gold rows, value for
/// value, as the first script (Reference/session_features_windows.sql): one window per measure over every session.</summary>
public sealed class SessionReferenceTests
{
    private static readonly DateTime Start = new(2024, 1, 1);
    private static readonly DateTime To = new(2024, 6, 1);

    [Theory]
    [MemberData(nameof(PointInTimeTests.Seeds), MemberType = typeof(PointInTimeTests))]
    public void Build_RandomShop_SameRowsAsTheReferenceWindows(int seed)
    {
        var random = new Random(seed);
        var customers = new string?[] { "C1", "C2", "C3", "C4", "C5", null };
        var rows = new SessionRows().Product("P1", "Books", 10).Product("P2", "Books", 25).Product("P3", "Toys", 40).Product("P4", null, null);
        var repeats = new List<string>();
        for (var i = 0; i < 120; i++)
        {
            // Whole hours over a few weeks, so a customer's sessions often share an instant.
            var at = Start.AddHours(random.Next(0, 24 * 7 * 30));
            var id = "S" + i.ToString("D4", CultureInfo.InvariantCulture);
            rows.Session(id, customers[random.Next(customers.Length)], Stamp(at), random.Next(4) == 0 ? null : random.Next(1, 900) + 0.25 * random.Next(4),
                random.Next(5) == 0 ? null : random.Next(1, 40), random.Next(3) == 0 ? null : $"P{random.Next(1, 5)}", random.Next(3) == 0, 20);
            if (random.Next(6) == 0)
            {
                repeats.Add(id);
            }

            if (customers[random.Next(customers.Length)] is { } buyer && random.Next(2) == 0)
            {
                rows.Order("O" + i.ToString("D4", CultureInfo.InvariantCulture), buyer, Stamp(random.Next(3) == 0 ? at : at.AddHours(-random.Next(1, 400))), purchase: random.Next(5) > 0,
                    [random.Next(5, 200), random.Next(1, 50)], outlier: random.Next(6) == 0);
            }
        }

        using var connection = DuckDbConnection.OpenInMemory();
        rows.WriteTo(connection);
        foreach (var id in repeats)
        {
            // A later copy of the session from another file: other measures, another customer, another start; some
            // copies start after the window and so do not count.
            var later = random.Next(4) == 0 ? To.AddDays(3) : Start.AddHours(random.Next(0, 24 * 7 * 30));
            connection.Execute($"INSERT INTO silver.sessions (session_id, customer_id, started_at, duration_sec, page_views, product_id, purchased, purchase_amount, source, _source_file, _ingested_at) " +
                               $"VALUES ('{id}', {(random.Next(2) == 0 ? "'C1'" : "NULL")}, {SqlScripts.Timestamp(later)}, {random.Next(1, 50)}, {random.Next(1, 9)}, 'P2', TRUE, 12.5, 'test', 'later.csv', TIMESTAMP '2030-02-01 00:00:00');");
        }

        SessionFeatureBuilder.Build(connection, new SessionBuildOptions { From = Start.AddDays(20), To = To });
        var script = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Sessions", "Reference", "session_features_windows.sql"))
            .Replace("{from}", SqlScripts.Timestamp(Start.AddDays(20)), StringComparison.Ordinal)
            .Replace("{to}", SqlScripts.Timestamp(To), StringComparison.Ordinal);
        foreach (var statement in script.Split(";\n", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (statement.Contains("CREATE", StringComparison.Ordinal))
            {
                connection.Execute(statement + ";");
            }
        }

        var columns = string.Join(", ", SessionFeatureRegistry.Web.Select(f => $"CAST({f.Name} AS {f.SqlType}) AS {f.Name}"));
        connection.Execute($"CREATE TEMP TABLE expected AS SELECT session_id, customer_id, started_at, {columns} FROM sx_features;");
        var expected = connection.Scalar<long>("SELECT count(*) FROM expected");
        Assert.True(expected > 60, $"seed {seed}: only {expected} sessions in the window");
        Assert.Equal(expected, connection.Scalar<long>("SELECT count(*) FROM gold.session_features"));
        Assert.True(connection.Scalar<long>("SELECT count(*) FROM expected WHERE prior_sessions > 0 AND prior_orders > 0") > 5, $"seed {seed}: too little history to compare");
        Assert.Equal(0, connection.Scalar<long>("SELECT count(*) FROM (SELECT * FROM expected EXCEPT ALL SELECT * FROM gold.session_features)"));
        Assert.Equal(0, connection.Scalar<long>("SELECT count(*) FROM (SELECT * FROM gold.session_features EXCEPT ALL SELECT * FROM expected)"));

        // Doubles compared by their bits as well, so a last-place difference cannot hide in a comparison of values.
        var bits = string.Join(", ", SessionFeatureRegistry.Web.Where(f => f.SqlType == "DOUBLE").Select(f => $"hash(CAST({f.Name} AS VARCHAR))"));
        Assert.Equal(
            connection.Scalar<string>($"SELECT string_agg(session_id || ':' || hash({bits}), ',' ORDER BY session_id) FROM expected"),
            connection.Scalar<string>($"SELECT string_agg(session_id || ':' || hash({bits}), ',' ORDER BY session_id) FROM gold.session_features"));
    }

    private static string Stamp(DateTime time) => time.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
}
