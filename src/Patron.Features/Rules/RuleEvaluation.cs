using System.Globalization;
using Patron.DuckDb;
using Patron.Learning.Rules;

namespace Patron.Features.Rules;

/// <summary>
/// The honest check of cross-sell rules: rules mined from baskets before the cutoff recommend k products to every
/// customer who bought before it (from everything the customer bought before it, never a product already bought), and
/// the picks are compared with the products new to the customer bought in [cutoff, cutoff + horizon). Popularity, the
/// most bought products the customer does not have, is measured the same way on the same customers.
/// </summary>
public static class RuleEvaluation
{
    /// <summary>Customers a parallel task checks at once.</summary>
    private const int Block = 4096;

    private static readonly DateTime Beginning = new(1, 1, 1, 0, 0, 0, DateTimeKind.Unspecified);

    /// <summary>Mines the rules before the options' cutoff and checks them, and popularity, on the horizon after it.</summary>
    /// <param name="connection">The warehouse.</param>
    /// <param name="options">The mining; its cutoff is the one checked.</param>
    /// <param name="horizonDays">Days after the cutoff whose purchases are the truth.</param>
    /// <param name="k">Picks per customer.</param>
    /// <param name="progress">A line after the mining and after the horizon's baskets are read.</param>
    /// <param name="linesOf">A mining just done on this connection whose cutoff is the end of the horizon (the scoring
    /// cutoff of a run, where the training cutoff is a horizon before it), at the same level: the purchase lines and item
    /// codes it selected are exactly those the evaluation needs (every line before the horizon's end), so they are
    /// reused instead of selected again. Any other mining (or null) and they are selected anew. The connection's
    /// warehouse must not have changed since that mining.</param>
    public static RuleEvaluationResult Evaluate(DuckDbConnection connection, RuleBuildOptions options, int horizonDays, int k = 5, IProgress<string>? progress = null,
        MinedRules? linesOf = null)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(horizonDays, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(k, byte.MaxValue);
        var cutoff = options.Cutoff ?? throw new ArgumentException("An evaluation needs a cutoff: rules are mined before it and checked after it.");
        var start = BasketSource.Start(cutoff);
        var end = start.AddDays(horizonDays);
        var prepared = linesOf is not null && linesOf.Level == options.Level && BasketSource.Start(linesOf.Cutoff) == end ? linesOf.Items : null;
        var mined = AssociationRuleBuilder.Mine(connection, options, end, out var readSeconds, out var mineSeconds, prepared);
        progress?.Report(string.Create(CultureInfo.InvariantCulture,
            $"out of time: baskets read in {readSeconds:0.0} s, {mined.Rules.Count:N0} rules mined in {mineSeconds:0.0} s; reading the horizon's baskets"));
        var history = mined.History ?? BasketSource.Read(connection, mined.Items, BasketKind.Customer, Beginning, start);
        var future = BasketSource.ReadNumberedCustomers(connection, mined.Items, start, end);
        progress?.Report("out of time: recommending and checking");
        var recommender = mined.Recommender();

        // Per customer: the new products bought in the horizon, the hits of each recommender and whether a rule led;
        // in parallel blocks into the customer's own slots, then summed in customer order (the same sums for any thread count).
        var customers = history.Count;
        var news = new int[customers];
        var ruleHits = new byte[customers];
        var popularHits = new byte[customers];
        var ruled = new bool[customers];
        Parallel.For(0, (customers + Block - 1) / Block, () => new Picks(recommender.ItemCount, k), (block, _, picks) =>
        {
            var last = Math.Min(customers, (block + 1) * Block);
            for (var c = block * Block; c < last; c++)
            {
                var had = history[c];
                var bought = future[c];
                var fresh = 0;
                foreach (var item in bought)
                {
                    fresh += had.BinarySearch(item) < 0 ? 1 : 0;
                }

                news[c] = fresh;
                if (fresh == 0)
                {
                    continue;
                }

                var count = recommender.Recommend(had, picks.Scratch, picks.Items, picks.Rules, picks.Scores);
                ruled[c] = count > 0 && picks.Rules[0] >= 0;
                ruleHits[c] = Hits(picks.Items.AsSpan(0, count), bought);
                popularHits[c] = Hits(picks.Items.AsSpan(0, recommender.RecommendPopular(had, picks.Items)), bought);
            }

            return picks;
        }, _ => { });

        var rules = new Tally(k);
        var popularity = new Tally(k);
        var withRules = 0;
        for (var c = 0; c < customers; c++)
        {
            if (news[c] == 0)
            {
                continue;
            }

            withRules += ruled[c] ? 1 : 0;
            rules.Add(ruleHits[c], news[c]);
            popularity.Add(popularHits[c], news[c]);
        }

        return new RuleEvaluationResult
        {
            Cutoff = cutoff,
            HorizonDays = horizonDays,
            K = k,
            Rules = rules.Metrics(),
            Popularity = popularity.Metrics(),
            CustomersWithRules = withRules,
            RuleCount = mined.Rules.Count,
        };
    }

    /// <summary>Picks never hold an item the customer had, so a hit is a pick among the horizon's purchases.</summary>
    private static byte Hits(ReadOnlySpan<int> picks, ReadOnlySpan<int> bought)
    {
        byte hits = 0;
        foreach (var item in picks)
        {
            hits += bought.BinarySearch(item) >= 0 ? (byte)1 : (byte)0;
        }

        return hits;
    }

    /// <summary>One thread's recommendation buffers.</summary>
    private sealed class Picks(int items, int k)
    {
        public RecommenderScratch Scratch { get; } = new(items);

        public int[] Items { get; } = new int[k];

        public int[] Rules { get; } = new int[k];

        public double[] Scores { get; } = new double[k];
    }

    private sealed class Tally(int k)
    {
        private double _hits;
        private double _precision;
        private double _recall;
        private int _customers;

        public void Add(int hits, int truth)
        {
            _customers++;
            _hits += hits > 0 ? 1 : 0;
            _precision += hits / (double)k;
            _recall += hits / (double)truth;
        }

        public RankingMetrics Metrics() => _customers == 0
            ? new RankingMetrics(double.NaN, double.NaN, double.NaN, 0)
            : new RankingMetrics(_hits / _customers, _precision / _customers, _recall / _customers, _customers);
    }
}
