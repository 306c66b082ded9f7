using System.Globalization;
using System.Text.Json;
using Patron.Pipeline.Output;

namespace Patron.Server.Store;

/// <summary>Why a run serves no cross-sell rules, in one sentence for <c>POST /api/recommend</c>'s 409 problem: from
/// the run's cross_sell.json (the stage's own account: skipped and why, or mined with no rule and over how many
/// baskets), so an operator learns what to change rather than only that the rules are missing.</summary>
internal static class CrossSellNotice
{
    /// <param name="folder">The run folder.</param>
    /// <param name="rulesFileExists">Whether rules.parquet exists (and so held no rule).</param>
    public static string Why(string folder, bool rulesFileExists)
    {
        var stage = Read(Path.Combine(folder, CrossSellJson.FileName));
        if (!rulesFileExists)
        {
            return stage is { Status: "skipped", Reason: { Length: > 0 } reason }
                ? $"The run served has no cross-sell rules ({CrossSellJson.RulesFile}): its cross-sell stage was skipped: {reason}."
                : $"The run served has no cross-sell rules ({CrossSellJson.RulesFile} is absent): the data had no product baskets, or the run predates cross-sell.";
        }

        var mined = stage is { Status: "done" } s
            ? string.Create(CultureInfo.InvariantCulture, $" {s.Baskets:N0} baskets over {s.Items:N0} products were mined at a minimum support of {s.MinSupport:0.####} (a set of products in at least {Math.Ceiling(s.MinSupport * s.Baskets):N0} baskets) and a minimum confidence of {s.MinConfidence:0.##}, and no rule reached both.")
            : "";
        return $"The run served has no cross-sell rules: {CrossSellJson.RulesFile} exists but holds no rules.{mined} Too few baskets, or products seldom bought together, give no rules; a run over more orders can.";
    }

    private static Stage? Read(string path)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            using var json = JsonDocument.Parse(File.ReadAllBytes(path));
            var root = json.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            string? Text(string name) => root.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
            double Number(string name) => root.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetDouble() : 0;
            return new Stage(Text("status"), Text("reason"), Number("baskets"), Number("items"), Number("min_support"), Number("min_confidence"));
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private sealed record Stage(string? Status, string? Reason, double Baskets, double Items, double MinSupport, double MinConfidence);
}
