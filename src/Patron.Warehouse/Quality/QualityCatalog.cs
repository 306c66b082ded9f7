using Patron.Warehouse.Sources;

namespace Patron.Warehouse.Quality;

/// <summary>Every check Patron runs on every source, in report order (the SQL lives in Sql/Silver/resolve.sql, the
/// optional tables' in Silver/OptionalTable.cs and Sql/Silver/sessions.sql), and the lookup that also finds the checks
/// each source adds for itself.</summary>
public static class QualityCatalog
{
    /// <summary>The shared checks, in report order.</summary>
    public static IReadOnlyList<QualityCheck> Checks { get; } =
    [
        new("rejected_rows", "Rows that could not be read",
            "A row whose fields do not parse under the declared column types, has too few or too many fields, or is not UTF-8.",
            "Stored in bronze.rejects with file, line, column and reason; not loaded."),
        new("missing_values", "Missing values",
            "Empty field in a column, counted per file and column as the file gave it.",
            "Kept as NULL."),
        new("missing_key", "Rows without their key",
            "An order, line, customer or product without its identifier; a payment, review, session or shopper session without its key; an event without its session, time or type.",
            "Quarantined."),
        new("exact_duplicates", "Exact duplicates",
            "Two or more rows with identical content in every column, in any table (payments, reviews, sessions, events and shopper sessions too); "
            + "a line read from the same row as its order counts once, on the order.",
            "The first row in file order is kept, the copies dropped (customers and products: the latest export's)."),
        new("business_key_duplicates", "Reused keys",
            "The same key (order id, order line, customer id, product id, payment, review, session id) with different content.",
            "Orders, lines, payments, reviews and sessions: the first version in file order is kept, the others quarantined. Customers and products: the latest export is kept."),
        new("missing_timestamp", "Orders without a time", "An order without its order time.", "Quarantined."),
        new("future_timestamps", "Timestamps in the future", "Order time or session start later than the time of the check.", "Quarantined."),
        new("pre_opening_timestamps", "Timestamps before the shop opened",
            "Order time or session start before the configured opening date (default 2000-01-01).", "Quarantined."),
        new("missing_customer", "Orders without a customer", "An order whose customer is not given.", "Quarantined (excluded from customer-level work)."),
        new("orphan_customers", "Orphan customer keys", "An order or a web session naming a customer who is not in the customer data.",
            "Orders: quarantined (configurable: kept). Sessions: kept (anonymous sessions name no customer and are not reported)."),
        new("orphan_products", "Orphan product keys", "An order line naming a product that is not in the product data.", "Quarantined (configurable: kept)."),
        new("line_without_order", "Lines without an order", "An order line whose order is not in the orders.", "Quarantined."),
        new("order_without_lines", "Orders without lines", "An order with no line at all.", "Kept and reported."),
        new("missing_amount", "Lines without quantity or price", "An order line lacking its quantity or unit price.", "Quarantined."),
        new("zero_quantity", "Zero quantities", "An order line with quantity 0.", "Quarantined."),
        new("negative_quantity", "Returns (negative quantities)", "An order line with a negative quantity.",
            "Kept as a negative line: it lowers net revenue and counts as a return."),
        new("zero_or_negative_price", "Zero or negative prices", "A sold line (quantity > 0) with unit price <= 0.", "Quarantined."),
        new("price_outliers", "Price outliers",
            "Per product, m = median and MAD = median absolute deviation of ln(unit price) over its positive-price lines; "
            + "a line is an outlier when |ln(price) - m| > max(5 x 1.4826 x MAD, ln 5), i.e. beyond five robust standard deviations and at least 5x off.",
            "Flagged (order_lines.is_outlier), kept (configurable: quarantined)."),
        new("order_without_valid_lines", "Orders left without lines", "An order all of whose lines were set aside by the checks above.", "Quarantined."),
        new("registration_after_first_purchase", "Registration after first purchase",
            "A customer whose registration date is later than the date of their first valid purchase.", "Kept and reported."),
        new("negative_duration", "Sessions with a negative duration", "A web session whose duration is below 0 seconds.",
            "The duration is set to NULL (unknown); the session is kept."),
        new("negative_page_views", "Sessions with negative page views", "A web session whose page count is below 0.",
            "The page count is set to NULL (unknown); the session is kept."),
    ];

    /// <summary>The shared check or a source's own check of that name.</summary>
    public static QualityCheck Find(string name)
    {
        foreach (var check in Checks)
        {
            if (check.Name == name)
            {
                return check;
            }
        }

        foreach (var source in SourceRegistry.All)
        {
            foreach (var check in source.Checks)
            {
                if (check.Name == name)
                {
                    return check;
                }
            }
        }

        throw new KeyNotFoundException($"No quality check is named '{name}'.");
    }

    /// <summary>The shared checks followed by the own checks of each named source, in registry order.</summary>
    public static IReadOnlyList<QualityCheck> For(IReadOnlyCollection<string> sources)
    {
        ArgumentNullException.ThrowIfNull(sources);
        var checks = new List<QualityCheck>(Checks);
        foreach (var source in SourceRegistry.All)
        {
            if (sources.Contains(source.Name))
            {
                checks.AddRange(source.Checks);
            }
        }

        return checks;
    }
}
