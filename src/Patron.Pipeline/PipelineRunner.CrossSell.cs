using System.Globalization;
using Patron.Features.Frames;
using Patron.Features.Rules;
using Patron.Learning.Rules;
using Patron.Pipeline.Output;
using Patron.Pipeline.Stages;
using Patron.Warehouse;

namespace Patron.Pipeline;

public sealed partial class PipelineRunner
{
    /// <summary>Next products per customer: at most this many.</summary>
    internal const int NextProductCount = 5;

    /// <summary>A rule needs at least this many customers behind it, however few customers the shop has.</summary>
    private const int MinRuleCustomers = 5;

    /// <summary>The smallest support mined (a share of customers); small shops get a higher one (<see cref="MinRuleCustomers"/>).</summary>
    private const double CrossSellMinSupport = 0.001;

    /// <summary>
    /// Cross-sell after the features: association rules over customers' products before the scoring cutoff
    /// ("customers who bought A also bought B"), each customer's next products with the rule as the reason, and the
    /// rules against popularity out of time (mined before the training cutoff, checked on the horizon after it).
    /// Writes rules.parquet, next_products.csv and cross_sell.json (docs/run-folder.md) and the gold tables; the
    /// models stage adds the next products to predictions.csv. Skipped with a reason when the data has no product baskets.
    /// </summary>
    private void CrossSellStage(RunState state)
    {
        var json = OutputPath(CrossSellJson.FileName);
        var next = OutputPath(CrossSellJson.NextProductsFile);
        var rules = OutputPath(CrossSellJson.RulesFile);
        var key = StageCache.Hash(state.FeaturesKey, "cross_sell/1", string.Create(CultureInfo.InvariantCulture,
            $"{CrossSellMinSupport};{MinRuleCustomers};{NextProductCount};{_options.HorizonDays}"));
        var fresh = _cache.IsFresh("cross_sell", key, json);
        Stage("cross_sell", key, fresh, progress =>
        {
            File.Delete(next);
            File.Delete(rules);
            var why = !state.HasPurchases ? "no purchases by customers" : null;
            if (why is null)
            {
                using var connection = WarehouseFile.Open(_options.WarehousePath, memoryLimit: WarehouseFile.CappedMemoryLimit(WarehouseFile.CrossSellLimitCeilingBytes));
                why = MineCrossSell(connection, state, json, next, rules, progress, out var detail);
                if (why is null)
                {
                    return detail;
                }
            }

            CrossSellJson.WriteSkipped(json, state.ScoringCutoff, why);
            return "skipped: " + why;
        });
        state.CrossSellKey = File.Exists(next) ? key : "";
        if (File.Exists(json))
        {
            state.Outputs["cross-sell"] = json;
        }
    }

    /// <summary>Mines, recommends, evaluates and writes; returns why cross-sell cannot run, or null with the stage's detail.</summary>
    private string? MineCrossSell(Patron.DuckDb.DuckDbConnection connection, RunState state, string json, string next, string rules, IProgress<string> progress, out string detail)
    {
        detail = "";
        var customers = CustomerFrame.CountAt(connection, state.ScoringCutoff);
        var options = Options(state.ScoringCutoff, customers);
        progress.Report(string.Create(CultureInfo.InvariantCulture, $"mining rules over {customers:N0} customers' products at min-support {options.Mining.MinSupport:0.####}"));
        MinedRules mined;
        RuleBuildResult built;
        try
        {
            built = AssociationRuleBuilder.Build(connection, options, out mined);
        }
        catch (RuleMiningException e)
        {
            return "the rules outgrew the memory budget: " + e.Message;
        }

        if (mined.Items.Count == 0)
        {
            return string.Create(CultureInfo.InvariantCulture, $"no product baskets: no purchase before {state.ScoringCutoff:yyyy-MM-dd} has a product line");
        }

        progress.Report(string.Create(CultureInfo.InvariantCulture,
            $"baskets read in {built.ReadSeconds:0.0} s, mined in {built.MineSeconds:0.0} s, rules written in {built.WriteSeconds:0.0} s; exporting {CrossSellJson.RulesFile}"));
        AssociationRuleTable.Export(connection, mined.Cutoff, mined.Level, mined.By, rules);
        progress.Report(string.Create(CultureInfo.InvariantCulture, $"{mined.Rules.Count:N0} rules; next products for every customer"));
        var suggestions = NextProducts.Compute(connection, mined, NextProductCount);
        progress.Report(string.Create(CultureInfo.InvariantCulture, $"{suggestions.Rows:N0} next products; writing them to gold"));
        NextProducts.Write(connection, mined.Cutoff, suggestions);
        progress.Report($"exporting {CrossSellJson.NextProductsFile}");
        NextProducts.Export(connection, suggestions, next);

        // Out of time: rules mined before the training cutoff, judged on what customers bought in the horizon after it.
        RuleEvaluationResult? evaluation = null;
        string? unevaluated = null;
        var trainingCustomers = CustomerFrame.CountAt(connection, state.TrainingCutoff);
        if (trainingCustomers == 0)
        {
            unevaluated = string.Create(CultureInfo.InvariantCulture, $"no customer bought before the training cutoff {state.TrainingCutoff:yyyy-MM-dd}");
        }
        else
        {
            progress.Report(string.Create(CultureInfo.InvariantCulture, $"rules mined before {state.TrainingCutoff:yyyy-MM-dd} against popularity over the next {_options.HorizonDays} days"));
            try
            {
                evaluation = RuleEvaluation.Evaluate(connection, Options(state.TrainingCutoff, trainingCustomers), _options.HorizonDays, NextProductCount, progress,
                    linesOf: mined);
            }
            catch (RuleMiningException e)
            {
                unevaluated = "the rules before the training cutoff outgrew the memory budget: " + e.Message;
            }
        }

        progress.Report($"writing {CrossSellJson.FileName}");
        var top = AssociationRuleTable.Top(connection, mined.Cutoff, MinedRules.LevelName(mined.Level), MinedRules.BasketName(mined.By), CrossSellJson.TopRules);
        CrossSellJson.Write(json, built, options, suggestions.Customers, top, evaluation, unevaluated);
        var judged = evaluation is { } ev && ev.Rules.Customers > 0
            ? string.Create(CultureInfo.InvariantCulture, $"; hit rate@5 out of time {ev.Rules.HitRate:0.000} (popularity {ev.Popularity.HitRate:0.000})")
            : "";
        detail = string.Create(CultureInfo.InvariantCulture, $"{mined.Rules.Count:N0} rules over {built.Stats.Baskets:N0} customers; next products for {suggestions.Customers:N0} customers{judged}");
        return null;
    }

    /// <summary>Rules by customer at the product level; the support is the larger of 0.001 and five customers.</summary>
    private static RuleBuildOptions Options(DateOnly cutoff, long customers) => new()
    {
        Cutoff = cutoff,
        Level = RuleLevel.Product,
        By = BasketKind.Customer,
        Mining = new RuleMiningOptions
        {
            MinSupport = Math.Min(1, Math.Max(CrossSellMinSupport, MinRuleCustomers / (double)Math.Max(1, customers))),
            MaxLength = 3,
        },
    };
}
