using System.Globalization;
using System.Text.Json;
using Patron.Demo.Simulation;

namespace Patron.Demo;

public static partial class DemoShopGenerator
{
    /// <summary>The opening date the quality rule for pre-opening timestamps uses by default.</summary>
    public static readonly DateOnly DefaultOpeningDate = new(2000, 1, 1);

    private static DemoShopDefects ToDefects(DefectTally tally, long missingBrands) => new()
    {
        ExactDuplicates = tally.ExactDuplicates,
        BusinessKeyDuplicates = tally.BusinessKeyDuplicates,
        NegativeQuantity = tally.NegativeQuantity,
        ZeroQuantity = tally.ZeroQuantity,
        ZeroOrNegativePrice = tally.ZeroOrNegativePrice,
        PriceOutliers = tally.PriceOutliers,
        OrphanCustomers = tally.OrphanCustomers,
        OrphanProducts = tally.OrphanProducts,
        FutureTimestamps = tally.FutureTimestamps,
        PreOpeningTimestamps = tally.PreOpeningTimestamps,
        RegistrationAfterFirstPurchase = tally.RegistrationAfterFirstPurchase,
        MissingValues = new SortedDictionary<string, long>(StringComparer.Ordinal)
        {
            ["customers.age"] = tally.MissingAge,
            ["customers.country"] = tally.MissingCountry,
            ["customers.acquisition_channel"] = tally.MissingChannel,
            ["transactions.payment_method"] = tally.MissingPayment,
            ["products.brand"] = missingBrands,
        },
    };

    /// <summary>
    /// truth.json: arguments, row counts, defect counts and latent parameters. Nothing run-specific (paths, times),
    /// so equal arguments give equal bytes.
    /// </summary>
    private static void WriteTruth(string path, ShopContext context, IReadOnlyList<DemoShopFile> files, DemoShopDefects defects, DemoShopSessions? sessions)
    {
        var options = context.Options;
        using var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.Read);
        using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, NewLine = "\n" });
        json.WriteStartObject();
        json.WriteString("generator", "patron demo generate");
        json.WriteNumber("seed", options.Seed);
        json.WriteStartObject("arguments");
        json.WriteNumber("customers", context.CustomerCount);
        if (options.Transactions is { } transactions)
        {
            json.WriteNumber("transactions_requested", transactions);
        }

        json.WriteNumber("products", context.Catalog.Count);
        json.WriteNumber("seed", options.Seed);
        json.WriteString("start", Date(options.EffectiveStart));
        json.WriteString("end", Date(options.End));
        json.WriteNumber("future_days", options.FutureDays);
        json.WriteNumber("defect_rate", options.DefectRate);
        json.WriteBoolean("clean", options.Clean);
        json.WriteNumber("return_rate", options.ReturnRate);
        json.WriteNumber("discount_share", options.DiscountShare);
        json.WriteNumber("sessions_per_order", options.SessionsPerOrder);
        if (options.Format == DemoShopFormat.OnlineRetail)
        {
            json.WriteString("format", "online-retail");
        }

        json.WriteEndObject();

        json.WriteStartObject("rows");
        foreach (var file in files)
        {
            if (file.Name.EndsWith(".csv", StringComparison.Ordinal))
            {
                json.WriteNumber(file.Name, file.Rows);
            }
        }

        json.WriteEndObject();

        json.WriteStartObject("defects");
        json.WriteNumber("exact_duplicates", defects.ExactDuplicates);
        json.WriteNumber("business_key_duplicates", defects.BusinessKeyDuplicates);
        json.WriteNumber("negative_quantity", defects.NegativeQuantity);
        json.WriteNumber("zero_quantity", defects.ZeroQuantity);
        json.WriteNumber("zero_or_negative_price", defects.ZeroOrNegativePrice);
        json.WriteNumber("price_outliers", defects.PriceOutliers);
        json.WriteNumber("orphan_customers", defects.OrphanCustomers);
        json.WriteNumber("orphan_products", defects.OrphanProducts);
        json.WriteNumber("future_timestamps", defects.FutureTimestamps);
        json.WriteNumber("pre_opening_timestamps", defects.PreOpeningTimestamps);
        json.WriteNumber("registration_after_first_purchase", defects.RegistrationAfterFirstPurchase);
        json.WriteStartObject("missing_values");
        foreach (var (column, count) in defects.MissingValues)
        {
            json.WriteNumber(column, count);
        }

        json.WriteEndObject();
        json.WriteEndObject();

        if (sessions is not null)
        {
            // Counts of sessions.csv rows by kind; only "purchase" rows have purchased = 1.
            json.WriteStartObject("sessions");
            json.WriteNumber("purchase", sessions.Purchase);
            json.WriteNumber("browse", sessions.Browse);
            json.WriteNumber("after_dropout", sessions.AfterDropout);
            json.WriteNumber("anonymous", sessions.Anonymous);
            json.WriteNumber("future_window", sessions.Future);
            json.WriteEndObject();
        }

        json.WriteStartObject("latent");
        json.WriteString("purchase_model", "BG/NBD");
        json.WriteNumber("r", options.PurchaseShape);
        json.WriteNumber("alpha", options.PurchaseRateScale);
        json.WriteNumber("a", options.DropoutA);
        json.WriteNumber("b", options.DropoutB);
        json.WriteString("spend_model", "Gamma-Gamma spend level, lognormal baskets");
        json.WriteNumber("p", options.SpendShape);
        json.WriteNumber("q", options.SpendMixShape);
        json.WriteNumber("gamma", options.SpendMixRate);
        json.WriteNumber("basket_sigma", options.BasketSigma);
        json.WriteNumber("zipf_s", options.ZipfExponent);
        json.WriteNumber("registration_delay_days", options.RegistrationDelayDays);
        json.WriteNumber("seasonality_peak", Math.Round(context.Seasonality.Peak, 6));
        if (sessions is not null)
        {
            json.WriteString("session_model", "browse rate k * sqrt(lambda * mean lambda) * g per day, g ~ Gamma(0.6) with mean 1; lognormal durations");
            json.WriteNumber("browse_scale_k", Math.Round(sessions.BrowseScale, 6));
            json.WriteNumber("anonymous_session_share", options.AnonymousSessionShare);
            json.WriteNumber("after_dropout_days", options.AfterDropoutDays);
        }

        json.WriteEndObject();

        json.WriteStartObject("conventions");
        json.WriteString("history_end_exclusive", Date(options.End.AddDays(1)));
        json.WriteString("future_end_exclusive", Date(options.End.AddDays(1 + options.FutureDays)));
        json.WriteString("opening_date", Date(DefaultOpeningDate));
        json.WriteString("first_future_transaction_id", "T" + FirstFutureTransactionId.ToString("D9", CultureInfo.InvariantCulture));
        if (sessions is not null)
        {
            json.WriteString("first_future_session_id", "S" + FirstFutureSessionId.ToString("D10", CultureInfo.InvariantCulture));
        }

        json.WriteString("first_orphan_customer_id", "C" + ShopContext.OrphanCustomerBase.ToString("D7", CultureInfo.InvariantCulture));
        json.WriteString("first_orphan_product_id", "P" + ShopContext.OrphanProductBase.ToString("D5", CultureInfo.InvariantCulture));
        if (options.Format == DemoShopFormat.OnlineRetail)
        {
            // The truth files keep the generic ids; these map them onto online_retail.csv.
            json.WriteNumber("online_retail_first_invoice", RetailCatalog.FirstInvoice);
            json.WriteString("online_retail_customer_id", "CustomerID = 12345 + the number of customer_id (C0000001 is 12346)");
            json.WriteString("online_retail_stock_code", "StockCode = 10000 + the number of product_id, with a letter on every ninth product (P00009 is 10009B)");
            json.WriteString("online_retail_invoice", "InvoiceNo = 536364 + the number of the transaction's id; returns are C invoices");
        }

        json.WriteEndObject();
        json.WriteEndObject();
        json.Flush();
        stream.Write("\n"u8);
    }

    private static string Date(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
