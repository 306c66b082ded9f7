using System.Diagnostics;
using Patron.DuckDb;
using Patron.Learning.Rules;

namespace Patron.Features.Rules;

/// <summary>
/// Association rules of a shop as of a cutoff: baskets read from silver (<see cref="BasketSource"/>), itemsets by
/// FP-Growth, rules with mlxtend's measures, written to <c>gold.association_rules</c> in one transaction that replaces
/// the (cutoff, level, basket) rules mined before.
/// </summary>
public static class AssociationRuleBuilder
{
    public const string Table = "association_rules";

    private static readonly DateTime Beginning = new(1, 1, 1, 0, 0, 0, DateTimeKind.Unspecified);

    /// <summary>Mines the rules without writing gold; throws <see cref="RuleMiningException"/> when they outgrow the budget.</summary>
    public static MinedRules Mine(DuckDbConnection connection, RuleBuildOptions options) => Mine(connection, options, null, out _, out _);

    /// <summary>Mines the rules and writes them to gold for the cutoff.</summary>
    public static RuleBuildResult Build(DuckDbConnection connection, RuleBuildOptions options) => Build(connection, options, out _);

    /// <summary>Mines the rules and writes them to gold for the cutoff; <paramref name="mined"/> receives them.</summary>
    public static RuleBuildResult Build(DuckDbConnection connection, RuleBuildOptions options, out MinedRules mined)
    {
        mined = Mine(connection, options, null, out var readSeconds, out var mineSeconds);
        var clock = Stopwatch.StartNew();
        AssociationRuleTable.Write(connection, mined);
        return new RuleBuildResult
        {
            Cutoff = mined.Cutoff,
            Level = MinedRules.LevelName(mined.Level),
            By = MinedRules.BasketName(mined.By),
            Stats = mined.Itemsets.Stats,
            Items = mined.Items.Count,
            Itemsets = mined.Itemsets.Count,
            Rules = mined.Rules.Count,
            ReadSeconds = readSeconds,
            MineSeconds = mineSeconds,
            WriteSeconds = clock.Elapsed.TotalSeconds,
        };
    }

    /// <summary>The cutoff a build without one uses: the day after the last purchase (or today's date when there is none).</summary>
    public static DateOnly ResolveCutoff(DuckDbConnection connection, DateOnly? cutoff) =>
        cutoff ?? BasketSource.CutoffAfterLastPurchase(connection) ?? DateOnly.FromDateTime(DateTime.UnixEpoch);

    /// <summary>
    /// Mines the baskets before the cutoff; the item codes cover the lines before <paramref name="itemsEnd"/> (the
    /// cutoff when null), so an evaluation can code what customers bought after it with the same codes. With
    /// <paramref name="prepared"/> (the items of the lines the connection's last <see cref="BasketSource.Prepare"/>
    /// selected, for this level and this items end) the lines are not selected again.
    /// </summary>
    internal static MinedRules Mine(DuckDbConnection connection, RuleBuildOptions options, DateTime? itemsEnd, out double readSeconds, out double mineSeconds,
        RuleItems? prepared = null)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(options);
        options.Mining.Validate();
        var clock = Stopwatch.StartNew();
        var cutoff = ResolveCutoff(connection, options.Cutoff);
        var end = BasketSource.Start(cutoff);
        var items = prepared ?? BasketSource.Prepare(connection, options.Level, itemsEnd ?? end);
        var baskets = BasketSource.Read(connection, items, options.By, Beginning, end);
        readSeconds = clock.Elapsed.TotalSeconds;
        clock.Restart();
        var itemsets = FpGrowth.Mine(baskets, options.Mining);
        var rules = RuleGenerator.Generate(itemsets, options.Mining);
        mineSeconds = clock.Elapsed.TotalSeconds;
        var itemBaskets = new int[items.Count];
        for (var b = 0; b < baskets.Count; b++)
        {
            foreach (var item in baskets[b])
            {
                itemBaskets[item]++;
            }
        }

        return new MinedRules(cutoff, options.Level, options.By, items, itemsets, rules, itemBaskets)
        {
            History = options.By == BasketKind.Customer ? baskets : null,
        };
    }
}
