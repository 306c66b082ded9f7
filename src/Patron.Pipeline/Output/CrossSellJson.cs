using System.Globalization;
using System.Text.Json;
using Patron.Features.Rules;

namespace Patron.Pipeline.Output;

/// <summary>Writes cross_sell.json (docs/run-folder.md): how the rules were mined, the strongest rules and the rules
/// against popularity out of time; or, when the stage was skipped, why.</summary>
internal static class CrossSellJson
{
    public const string FileName = "cross_sell.json";

    public const string NextProductsFile = "next_products.csv";

    public const string RulesFile = "rules.parquet";

    /// <summary>Rules listed in <c>top_rules</c>.</summary>
    public const int TopRules = 20;

    public static void Write(string path, RuleBuildResult built, RuleBuildOptions options, int customers,
        IReadOnlyList<(string Antecedents, string Consequents, double Support, double Confidence, double Lift)> top,
        RuleEvaluationResult? evaluation, string? unevaluated)
    {
        using var stream = File.Create(path);
        using var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        writer.WriteStartObject();
        writer.WriteString("status", "done");
        writer.WriteString("cutoff", built.Cutoff.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        writer.WriteString("level", built.Level);
        writer.WriteString("basket", built.By);
        writer.WriteNumber("min_support", options.Mining.MinSupport);
        writer.WriteNumber("min_confidence", options.Mining.MinConfidence);
        writer.WriteNumber("max_length", options.Mining.MaxLength);
        writer.WriteNumber("baskets", built.Stats.Baskets);
        writer.WriteNumber("items", built.Items);
        writer.WriteNumber("itemsets", built.Itemsets);
        writer.WriteNumber("rules", built.Rules);
        writer.WriteNumber("customers_with_next_products", customers);
        writer.WriteStartArray("top_rules");
        foreach (var (antecedents, consequents, support, confidence, lift) in top)
        {
            writer.WriteStartObject();
            writer.WriteString("antecedent_names", antecedents);
            writer.WriteString("consequent_names", consequents);
            JsonNumbers.Write(writer, "support", support);
            JsonNumbers.Write(writer, "confidence", confidence);
            JsonNumbers.Write(writer, "lift", lift);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WritePropertyName("evaluation");
        if (evaluation is null)
        {
            writer.WriteNullValue();
            writer.WriteString("evaluation_skipped", unevaluated ?? "");
        }
        else
        {
            writer.WriteStartObject();
            writer.WriteString("cutoff", evaluation.Cutoff.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            writer.WriteNumber("horizon_days", evaluation.HorizonDays);
            writer.WriteNumber("k", evaluation.K);
            Metrics(writer, "rules", evaluation.Rules);
            Metrics(writer, "popularity", evaluation.Popularity);
            writer.WriteNumber("customers_with_rules", evaluation.CustomersWithRules);
            writer.WriteNumber("rule_count", evaluation.RuleCount);
            writer.WriteEndObject();
        }

        writer.WriteEndObject();
    }

    /// <summary>The file of a skipped stage: the cutoff and the reason, so the report can say why.</summary>
    public static void WriteSkipped(string path, DateOnly cutoff, string reason)
    {
        using var stream = File.Create(path);
        using var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        writer.WriteStartObject();
        writer.WriteString("status", "skipped");
        writer.WriteString("cutoff", cutoff.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        writer.WriteString("reason", reason);
        writer.WriteEndObject();
    }

    private static void Metrics(Utf8JsonWriter writer, string name, RankingMetrics metrics)
    {
        writer.WriteStartObject(name);
        JsonNumbers.Write(writer, "hit_rate_at_5", metrics.HitRate);
        JsonNumbers.Write(writer, "precision_at_5", metrics.Precision);
        JsonNumbers.Write(writer, "recall_at_5", metrics.Recall);
        writer.WriteNumber("customers", metrics.Customers);
        writer.WriteEndObject();
    }
}
