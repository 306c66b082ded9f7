using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Patron.DuckDb;
using Patron.Features.Rules;
using Patron.Learning.Rules;
using Patron.Warehouse;

namespace Patron.Cli.Commands;

/// <summary><c>patron rules</c>: association rules (or sequence rules), next products per customer and the out-of-time check.</summary>
internal static class RulesCommand
{
    public static Command Create()
    {
        var db = CommonOptions.Database();
        var cutoff = new Option<string?>("--cutoff") { Description = "Only baskets before this date (yyyy-MM-dd); default: every purchase." };
        var level = new Option<string>("--level") { Description = "What an item is: product or category.", DefaultValueFactory = _ => "product" };
        var by = new Option<string>("--by") { Description = "What a basket is: order, or customer (everything a customer bought).", DefaultValueFactory = _ => "order" };
        var minSupport = new Option<double>("--min-support") { Description = "Smallest share of baskets of an itemset.", DefaultValueFactory = _ => 0.01 };
        var minConfidence = new Option<double>("--min-confidence") { Description = "Smallest confidence of a rule.", DefaultValueFactory = _ => 0.1 };
        var minLift = new Option<double>("--min-lift") { Description = "Smallest lift of a rule.", DefaultValueFactory = _ => 1.0 };
        var maxLength = new Option<int>("--max-length") { Description = "Most items in a rule (both sides).", DefaultValueFactory = _ => 3 };
        var maxBasket = new Option<int>("--max-basket") { Description = "Baskets with more distinct items are left out (counted).", DefaultValueFactory = _ => 100 };
        var budget = new Option<string>("--memory-budget") { Description = "Memory the itemsets may take, e.g. 512MB; mining stops with a message beyond it.", DefaultValueFactory = _ => "512MB" };
        var output = new Option<FileInfo?>("--out") { Description = "Write the rules to FILE.csv or FILE.parquet (product names beside the ids)." };
        var json = new Option<FileInfo?>("--json") { Description = "Write the summary (and the evaluation with --horizon) as JSON to FILE." };
        var horizon = new Option<string?>("--horizon") { Description = "With --cutoff: recommend 5 products per customer and check them against the horizon's purchases (e.g. 90d), rules against popularity." };
        var sequences = new Option<bool>("--sequences") { Description = "Mine sequence rules 'bought A, then B within --window' per customer instead (stored in gold's sequence_rules table)." };
        var window = new Option<string>("--window") { Description = "Days from A to B of a sequence rule (90 or 90d).", DefaultValueFactory = _ => "90d" };
        var next = new Option<FileInfo?>("--next") { Description = "Write each customer's next products (top --top by the rules its purchases fire, with the reason) to FILE.csv or FILE.parquet, and to gold's next_products table." };
        var top = new Option<int>("--top") { Description = "Products per customer for --next.", DefaultValueFactory = _ => 5 };
        var command = new Command("rules", "Cross-sell: association rules by FP-Growth, sequence rules, next products per customer, and their out-of-time check.")
        {
            db, cutoff, level, by, minSupport, minConfidence, minLift, maxLength, maxBasket, budget, output, json, horizon, sequences, window, next, top,
        };
        command.SetAction(parse =>
        {
            var options = new RuleBuildOptions
            {
                Cutoff = parse.GetValue(cutoff) is { } text ? FeaturesCommand.ParseDate(text, "--cutoff") : null,
                Level = ParseLevel(parse.GetValue(level)!),
                By = ParseBy(parse.GetValue(by)!),
                Mining = new RuleMiningOptions
                {
                    MinSupport = parse.GetValue(minSupport),
                    MinConfidence = parse.GetValue(minConfidence),
                    MinLift = parse.GetValue(minLift),
                    MaxLength = parse.GetValue(maxLength),
                    MaxBasket = parse.GetValue(maxBasket),
                    MemoryBudgetBytes = ParseBytes(parse.GetValue(budget)!),
                },
            };
            options.Mining.Validate();
            using var connection = WarehouseFile.Open(parse.GetValue(db)!.FullName, readOnly: false);
            if (parse.GetValue(sequences))
            {
                return Sequences(connection, options, FeaturesCommand.ParseHorizon(parse.GetValue(window)!), parse.GetValue(output)?.FullName, parse.GetValue(json)?.FullName);
            }

            var result = AssociationRuleBuilder.Build(connection, options, out var mined);
            if (parse.GetValue(output) is { } file)
            {
                AssociationRuleTable.Export(connection, result.Cutoff, options.Level, options.By, file.FullName);
                Console.WriteLine($"{result.Rules:N0} rules → {file.FullName}");
            }

            PrintSummary(result);
            PrintTop(connection, result);
            var summary = JsonSerializer.SerializeToNode(result, Output.JsonOptions)!.AsObject();
            summary["top_rules"] = JsonSerializer.SerializeToNode(TopRules(mined, 100), Output.JsonOptions);
            if (parse.GetValue(next) is { } nextFile)
            {
                var rows = NextProducts.Write(connection, result.Cutoff, NextProducts.Compute(connection, mined, parse.GetValue(top)));
                NextProducts.Export(connection, result.Cutoff, nextFile.FullName);
                Console.WriteLine($"{rows:N0} next products → {nextFile.FullName}");
            }

            JsonNode document = summary;
            if (parse.GetValue(horizon) is { } horizonText)
            {
                if (options.Cutoff is null)
                {
                    throw new ArgumentException("--horizon needs --cutoff: rules are mined before the cutoff and checked on the horizon after it.");
                }

                var evaluation = RuleEvaluation.Evaluate(connection, options, FeaturesCommand.ParseHorizon(horizonText));
                PrintEvaluation(evaluation);
                var node = JsonSerializer.SerializeToNode(evaluation, Output.JsonOptions)!.AsObject();
                node["summary"] = summary;
                document = node;
            }

            if (parse.GetValue(json) is { } jsonFile)
            {
                File.WriteAllText(jsonFile.FullName, document.ToJsonString(Output.JsonOptions));
                Console.WriteLine($"summary → {jsonFile.FullName}");
            }

            return 0;
        });
        return command;
    }

    private static int Sequences(DuckDbConnection connection, RuleBuildOptions options, int windowDays, string? path, string? json)
    {
        var cutoff = AssociationRuleBuilder.ResolveCutoff(connection, options.Cutoff);
        var rules = SequenceRules.Mine(connection, options with { Cutoff = cutoff }, windowDays);
        SequenceRules.Write(connection, cutoff, options.Level, windowDays, rules, path);
        Output.WriteTable($"sequence rules as of {cutoff:yyyy-MM-dd}: bought A, then B within {windowDays} days", ["first", "then", "customers", "support", "confidence", "lift", "median days"],
            rules.Take(10).Select(r => (IReadOnlyList<object?>)[r.AntecedentName, r.ConsequentName, r.Customers, r.Support, r.Confidence, r.Lift, r.MedianDays]));
        if (path is not null)
        {
            Console.WriteLine($"{rules.Count:N0} sequence rules → {path}");
        }

        if (json is not null)
        {
            File.WriteAllText(json, JsonSerializer.Serialize(new { Cutoff = cutoff, WindowDays = windowDays, Rules = rules.Count, Top = rules.Take(100) }, Output.JsonOptions));
        }

        return 0;
    }

    /// <summary>The best rules with ids and names; conviction null where it is infinite (JSON has no infinity).</summary>
    private static IEnumerable<object> TopRules(MinedRules mined, int count) => mined.Rules.Take(count).Select(r => new
    {
        Antecedents = mined.Items.Ids(r.Antecedent),
        Consequents = mined.Items.Ids(r.Consequent),
        AntecedentNames = mined.Items.Names(r.Antecedent),
        ConsequentNames = mined.Items.Names(r.Consequent),
        r.AntecedentSupport,
        r.ConsequentSupport,
        r.Support,
        r.Confidence,
        r.Lift,
        r.Leverage,
        Conviction = double.IsPositiveInfinity(r.Conviction) ? (double?)null : r.Conviction,
        r.ZhangsMetric,
        r.Jaccard,
        Baskets = r.Count,
    });

    private static void PrintSummary(RuleBuildResult r) =>
        Output.WriteTable($"association rules as of {r.Cutoff:yyyy-MM-dd} ({r.Level} per {r.By})",
            ["baskets", "skipped (> max basket)", "items", "min count", "itemsets (estimate ≤)", "rules", "read s", "mine s", "write s"],
            [[r.Stats.Baskets, r.Stats.SkippedBaskets, r.Items, r.Stats.MinCount, $"{r.Itemsets:N0} ({r.Stats.EstimatedItemsets:N0})", r.Rules, r.ReadSeconds, r.MineSeconds, r.WriteSeconds]]);

    private static void PrintTop(DuckDbConnection connection, RuleBuildResult r)
    {
        var list = new List<IReadOnlyList<object?>>();
        foreach (var (antecedents, consequents, support, confidence, lift) in AssociationRuleTable.Top(connection, r.Cutoff, r.Level, r.By, 10))
        {
            list.Add([antecedents, consequents, support, confidence, lift]);
        }

        if (list.Count > 0)
        {
            Output.WriteTable("top rules by lift", ["if bought", "then also", "support", "confidence", "lift"], list);
        }
    }

    private static void PrintEvaluation(RuleEvaluationResult e) =>
        Output.WriteTable($"out of time: 5 recommendations at {e.Cutoff:yyyy-MM-dd}, purchases of the next {e.HorizonDays} days",
            ["recommender", "hit rate@5", "precision@5", "recall@5", "customers"],
            [
                ["rules (popularity fills)", e.Rules.HitRate, e.Rules.Precision, e.Rules.Recall, e.Rules.Customers],
                ["popularity", e.Popularity.HitRate, e.Popularity.Precision, e.Popularity.Recall, e.Popularity.Customers],
            ]);

    internal static RuleLevel ParseLevel(string text) => text.ToLowerInvariant() switch
    {
        "product" => RuleLevel.Product,
        "category" => RuleLevel.Category,
        _ => throw new ArgumentException($"--level '{text}': expected product or category."),
    };

    internal static BasketKind ParseBy(string text) => text.ToLowerInvariant() switch
    {
        "order" => BasketKind.Order,
        "customer" => BasketKind.Customer,
        _ => throw new ArgumentException($"--by '{text}': expected order or customer."),
    };

    internal static long ParseBytes(string text)
    {
        var t = text.Trim().ToUpperInvariant();
        var (digits, factor) = t.EndsWith("GB", StringComparison.Ordinal) ? (t[..^2], 1L << 30)
            : t.EndsWith("MB", StringComparison.Ordinal) ? (t[..^2], 1L << 20)
            : (t, 1L);
        return double.TryParse(digits, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value > 0
            ? (long)(value * factor)
            : throw new ArgumentException($"--memory-budget '{text}': expected a size such as 512MB or 2GB.");
    }
}
