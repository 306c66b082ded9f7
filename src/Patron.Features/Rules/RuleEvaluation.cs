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
    private static readonly DateTime Beginning = new(1, 1, 1, 0, 0, 0, DateTimeKind.Unspecified);

    public static RuleEvaluationResult Evaluate(DuckDbConnection connection, RuleBuildOptions options, int horizonDays, int k = 5)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(horizonDays, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        var cutoff = options.Cutoff ?? throw new ArgumentException("An evaluation needs a cutoff: rules are mined before it and checked after it.");
        var start = BasketSource.Start(cutoff);
        var end = start.AddDays(horizonDays);
        var mined = AssociationRuleBuilder.Mine(connection, options, end, out _, out _);
        var historyKeys = new List<string>();
        var history = BasketSource.Read(connection, mined.Items, BasketKind.Customer, Beginning, start, historyKeys);
        var futureKeys = new List<string>();
        var future = BasketSource.Read(connection, mined.Items, BasketKind.Customer, start, end, futureKeys);
        var futureIndex = new Dictionary<string, int>(futureKeys.Count, StringComparer.Ordinal);
        for (var i = 0; i < futureKeys.Count; i++)
        {
            futureIndex[futureKeys[i]] = i;
        }

        var recommender = mined.Recommender();
        var rules = new Tally(k);
        var popularity = new Tally(k);
        var withRules = 0;
        var truth = new HashSet<int>();
        for (var c = 0; c < historyKeys.Count; c++)
        {
            if (!futureIndex.TryGetValue(historyKeys[c], out var f))
            {
                continue;
            }

            var had = history[c];
            truth.Clear();
            foreach (var item in future[f])
            {
                if (had.BinarySearch(item) < 0)
                {
                    truth.Add(item);
                }
            }

            if (truth.Count == 0)
            {
                continue;
            }

            var picks = recommender.Recommend(had, k);
            if (picks.Count > 0 && picks[0].Rule is not null)
            {
                withRules++;
            }

            rules.Add(picks, truth);
            popularity.Add(recommender.RecommendPopular(had, k), truth);
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

    private sealed class Tally(int k)
    {
        private double _hits;
        private double _precision;
        private double _recall;
        private int _customers;

        public void Add(IReadOnlyList<Recommendation> picks, HashSet<int> truth)
        {
            var hits = 0;
            foreach (var pick in picks)
            {
                hits += truth.Contains(pick.Item) ? 1 : 0;
            }

            _customers++;
            _hits += hits > 0 ? 1 : 0;
            _precision += hits / (double)k;
            _recall += hits / (double)truth.Count;
        }

        public RankingMetrics Metrics() => _customers == 0
            ? new RankingMetrics(double.NaN, double.NaN, double.NaN, 0)
            : new RankingMetrics(_hits / _customers, _precision / _customers, _recall / _customers, _customers);
    }
}
