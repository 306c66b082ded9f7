using System.Globalization;
using Patron.DuckDb;
using Patron.Features.Sessions;
using Patron.Features.Tests.Properties;

namespace Patron.Features.Tests.Sessions;

/// <summary>Seeded random shops: sessions and orders added at or after a session's start (the very instant included)
/// never move that session's features, nor those of any earlier session.</summary>
public sealed class SessionPointInTimeTests
{
    private static readonly DateTime Start = new(2024, 1, 1);
    private static readonly DateTime To = new(2024, 7, 1);

    [Theory]
    [MemberData(nameof(PointInTimeTests.Seeds), MemberType = typeof(PointInTimeTests))]
    public void Build_RowsAtOrAfterASessionsStartAdded_ItsFeaturesBitIdentical(int seed)
    {
        var random = new Random(seed);
        var next = 0;
        string Id(string prefix) => prefix + (++next).ToString("D5", CultureInfo.InvariantCulture);
        var customers = new string?[] { "C1", "C2", "C3", "C4", null };
        var starts = new List<DateTime>();
        var rows = new SessionRows().Product("P1", "Books", 10).Product("P2", "Books", 25).Product("P3", "Toys", 40);
        for (var i = 0; i < 40; i++)
        {
            // Whole hours, so several sessions and orders share an instant and ties are exercised.
            var at = Start.AddHours(random.Next(0, (int)(To - Start).TotalHours));
            starts.Add(at);
            var customer = customers[random.Next(customers.Length)];
            rows.Session(Id("S"), customer, Stamp(at), random.Next(3) == 0 ? null : random.Next(5, 900), random.Next(1, 30),
                random.Next(2) == 0 ? null : $"P{random.Next(1, 4)}", random.Next(3) == 0, 20);
            if (customer is not null && random.Next(2) == 0)
            {
                rows.Order(Id("O"), customer, Stamp(random.Next(2) == 0 ? at : at.AddHours(-random.Next(1, 500))), purchase: true, [random.Next(5, 200)], outlier: random.Next(8) == 0);
            }
        }

        using var connection = DuckDbConnection.OpenInMemory();
        rows.WriteTo(connection);
        var before = BuildAndRead(connection);
        starts.Sort();
        var pivot = starts[random.Next(starts.Count / 4, starts.Count)];

        // At the pivot instant and after it: sessions of every customer, purchases (one at the very instant) and a return.
        var later = new SessionRows();
        foreach (var customer in customers)
        {
            later.Session(Id("S"), customer, Stamp(pivot), 60, 2, "P1", true, 15);
            later.Session(Id("S"), customer, Stamp(pivot.AddMinutes(random.Next(1, 5000))), 60, 2, null, false);
            if (customer is not null)
            {
                later.Order(Id("O"), customer, Stamp(pivot), purchase: true, [99]);
                later.Order(Id("O"), customer, Stamp(pivot.AddHours(random.Next(1, 100))), purchase: true, [42]);
                later.Order(Id("R"), customer, Stamp(pivot.AddHours(1)), purchase: false, [-10]);
            }
        }

        later.WriteTo(connection);
        var after = BuildAndRead(connection);

        var compared = 0;
        foreach (var (session, row) in before)
        {
            if (DateTime.Parse(row["started_at"], CultureInfo.InvariantCulture) > pivot)
            {
                continue;
            }

            compared++;
            foreach (var (column, value) in row)
            {
                Assert.True(value == after[session][column], $"seed {seed}, pivot {pivot:yyyy-MM-dd HH:mm}: {session}.{column} {value} became {after[session][column]}");
            }
        }

        Assert.True(compared > 0);
        Assert.True(after.Count > before.Count, "the added sessions did land");
    }

    private static Dictionary<string, Dictionary<string, string>> BuildAndRead(DuckDbConnection connection)
    {
        SessionFeatureBuilder.Build(connection, new SessionBuildOptions { To = To.AddDays(400) });
        using var result = connection.Query("SELECT * FROM gold.session_features");
        var ids = result["session_id"];
        var rows = new Dictionary<string, Dictionary<string, string>>(StringComparer.Ordinal);
        for (var r = 0; r < ids.Length; r++)
        {
            var row = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var column in result.Columns)
            {
                row[column.Name] = column.IsNull(r) ? "∅" : column.GetString(r);
            }

            rows.Add(ids.GetString(r), row);
        }

        return rows;
    }

    private static string Stamp(DateTime time) => time.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
}
