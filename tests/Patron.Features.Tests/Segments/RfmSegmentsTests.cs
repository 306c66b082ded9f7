using Patron.DuckDb;
using Patron.Features.Segments;

namespace Patron.Features.Tests.Segments;

public sealed class RfmSegmentsTests
{
    // The expected map, written out independently of the rule table: rows R = 5 down to 1, columns FM = 1 to 5.
    private static readonly string[][] Grid =
    [
        ["New", "Potential loyalist", "Potential loyalist", "Champions", "Champions"],
        ["Promising", "Potential loyalist", "Potential loyalist", "Loyal", "Champions"],
        ["About to sleep", "About to sleep", "Need attention", "Loyal", "Loyal"],
        ["Hibernating", "Hibernating", "At risk", "At risk", "Can't lose"],
        ["Lost", "Lost", "At risk", "Can't lose", "Can't lose"],
    ];

    public static TheoryData<int, int, int> Cells()
    {
        var data = new TheoryData<int, int, int>();
        for (var r = 1; r <= 5; r++)
        {
            for (var f = 1; f <= 5; f++)
            {
                for (var m = 1; m <= 5; m++)
                {
                    data.Add(r, f, m);
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cells))]
    public void Classify_EveryCell_MatchesTheMap(int r, int f, int m)
    {
        var fm = (f + m + 1) / 2;
        Assert.Equal(Grid[5 - r][fm - 1], RfmSegments.Classify(r, f, m));
    }

    [Theory]
    [InlineData(1, 2, 2)] // (1 + 2) / 2 = 1.5 rounds up
    [InlineData(4, 5, 5)]
    [InlineData(2, 2, 2)]
    [InlineData(5, 5, 5)]
    [InlineData(1, 1, 1)]
    public void FmScore_MeanRoundedHalfUp(int f, int m, int expected) => Assert.Equal(expected, RfmSegments.FmScore(f, m));

    [Fact]
    public void Rules_CoverElevenSegmentsEachWithAnAction()
    {
        Assert.Equal(11, RfmSegments.All.Count);
        var used = new HashSet<string>(StringComparer.Ordinal);
        foreach (var rule in RfmSegments.Rules)
        {
            used.Add(rule.Segment);
            Assert.NotNull(RfmSegments.Get(rule.Segment));
        }

        Assert.Equal(11, used.Count);
        foreach (var segment in RfmSegments.All)
        {
            Assert.False(string.IsNullOrWhiteSpace(segment.Action));
        }
    }

    [Theory]
    [InlineData(0, 3, 3)]
    [InlineData(3, 6, 3)]
    [InlineData(3, 3, 0)]
    public void Classify_ScoreOutOfRange_Throws(int r, int f, int m)
        => Assert.Throws<ArgumentOutOfRangeException>(() => RfmSegments.Classify(r, f, m));

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(1000)]
    public void RfmScores_AgreeWithSqlRankOverManyTies(int customers)
    {
        // The scores are defined with SQL's rank() (ties share the lower rank); DuckDB's window functions are the reference.
        var random = new Random(customers);
        var population = new Patron.Features.Build.Kernel.Population();
        using var connection = DuckDbConnection.OpenInMemory();
        connection.Execute("CREATE TABLE v (i INTEGER, recency BIGINT, frequency BIGINT, monetary BIGINT)");
        for (var i = 0; i < customers; i++)
        {
            long recency = random.Next(0, 40), frequency = random.Next(1, 6), monetary = random.Next(-3, 50) * 250_000L;
            population.Add(System.Text.Encoding.UTF8.GetBytes($"C{i:D5}"), recency, frequency, monetary, []);
            connection.Execute($"INSERT INTO v VALUES ({i}, {recency}, {frequency}, {monetary})");
        }

        var scores = Patron.Features.Build.Kernel.RfmScores.Compute(population);
        var expected = connection.Query("""
            SELECT i,
                   least(5, 1 + floor(5.0 * (rank() OVER (ORDER BY recency DESC) - 1) / count(*) OVER ())) AS r,
                   least(5, 1 + floor(5.0 * (rank() OVER (ORDER BY frequency) - 1) / count(*) OVER ())) AS f,
                   least(5, 1 + floor(5.0 * (rank() OVER (ORDER BY monetary) - 1) / count(*) OVER ())) AS m
            FROM v ORDER BY i
            """);
        for (var i = 0; i < customers; i++)
        {
            Assert.Equal(expected["r"].GetInt64(i), scores.R[i]);
            Assert.Equal(expected["f"].GetInt64(i), scores.F[i]);
            Assert.Equal(expected["m"].GetInt64(i), scores.M[i]);
        }
    }
}
