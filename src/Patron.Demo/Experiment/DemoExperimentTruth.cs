using System.Globalization;
using System.Text.Json;

namespace Patron.Demo.Experiment;

/// <summary>truth/experiment.json: the design, the effect rule and the true average effects.</summary>
internal static class DemoExperimentTruth
{
    public static void Write(string path, DemoExperimentResult result, ulong seed)
    {
        using var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.Read);
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, NewLine = "\n" }))
        {
            json.WriteStartObject();
            json.WriteNumber("seed", seed);
            json.WriteString("population", result.Population == DemoExperimentPopulation.Lapsing ? "lapsing" : "buyers");
            json.WriteString("start", result.Start.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            json.WriteNumber("window_days", result.WindowDays);
            json.WriteNumber("customers", result.Customers);
            json.WriteNumber("treated", result.Treated);
            json.WriteNumber("added_orders", result.AddedOrders);
            json.WriteNumber("discounted_orders", result.DiscountedOrders);
            json.WriteNumber("average_uplift_revenue", Math.Round(result.AverageUpliftRevenue, 6));
            json.WriteNumber("average_uplift_conversion", Math.Round(result.AverageUpliftConversion, 6));
            json.WriteNumber("treated_uplift_revenue", Math.Round(result.TreatedUpliftRevenue, 6));
            json.WriteNumber("realized_incremental_revenue", result.RealizedIncrementalRevenue);
            json.WriteString("effect", string.Create(CultureInfo.InvariantCulture,
                $"treated customers add one order (quantity 1, no discount, a product they bought before at its base price) with probability {DemoExperimentEffect.MaxResponse} x recency weight x min(1, orders before / 3); recency weight 0.3 under 30 days since the last order, 1 from 30 to 180, falling to 0 at 365; customers under 30 days with 4 or more orders instead take a {DemoExperimentEffect.OfferDiscount} discount on their window orders"));
            json.WriteEndObject();
        }

        stream.Write("\n"u8);
    }
}
