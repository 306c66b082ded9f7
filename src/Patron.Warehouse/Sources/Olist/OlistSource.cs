using Patron.Warehouse.Ingest;
using Patron.Warehouse.Quality;

namespace Patron.Warehouse.Sources.Olist;

/// <summary>
/// The Olist Brazilian e-commerce public data set, its nine files as published. Olist issues a new
/// <c>customer_id</c> with every order; the person is <c>customer_unique_id</c>, and that is the canonical customer.
/// Only orders whose status is in the purchase set (default <c>delivered</c>) count as purchases.
/// </summary>
public sealed class OlistSource : ISourceAdapter
{
    public const string TimestampFormat = "%Y-%m-%d %H:%M:%S";

    /// <summary>Statuses that count as purchases unless the ingest options name others.</summary>
    public static readonly IReadOnlyList<string> DefaultPurchaseStatuses = ["delivered"];

    private static readonly SourceFile[] FileList =
    [
        new("customers", "olist_customers_dataset.csv",
        [
            new("customer_id", ColumnType.Text),
            new("customer_unique_id", ColumnType.Text),
            new("customer_zip_code_prefix", ColumnType.Text),
            new("customer_city", ColumnType.Text),
            new("customer_state", ColumnType.Text),
        ]) { AlternateNames = ["customers.csv"] },
        new("orders", "olist_orders_dataset.csv",
        [
            new("order_id", ColumnType.Text),
            new("customer_id", ColumnType.Text),
            new("order_status", ColumnType.Text),
            new("order_purchase_timestamp", ColumnType.Timestamp, TimestampFormat),
            new("order_approved_at", ColumnType.Timestamp, TimestampFormat),
            new("order_delivered_carrier_date", ColumnType.Timestamp, TimestampFormat),
            new("order_delivered_customer_date", ColumnType.Timestamp, TimestampFormat),
            new("order_estimated_delivery_date", ColumnType.Timestamp, TimestampFormat),
        ]) { AlternateNames = ["orders.csv"] },
        new("order_items", "olist_order_items_dataset.csv",
        [
            new("order_id", ColumnType.Text),
            new("order_item_id", ColumnType.Integer),
            new("product_id", ColumnType.Text),
            new("seller_id", ColumnType.Text),
            new("shipping_limit_date", ColumnType.Timestamp, TimestampFormat),
            new("price", ColumnType.Double),
            new("freight_value", ColumnType.Double),
        ]) { AlternateNames = ["order_items.csv"] },
        new("order_payments", "olist_order_payments_dataset.csv",
        [
            new("order_id", ColumnType.Text),
            new("payment_sequential", ColumnType.Integer),
            new("payment_type", ColumnType.Text),
            new("payment_installments", ColumnType.Integer),
            new("payment_value", ColumnType.Double),
        ], Required: false) { AlternateNames = ["order_payments.csv"] },
        new("order_reviews", "olist_order_reviews_dataset.csv",
        [
            new("review_id", ColumnType.Text),
            new("order_id", ColumnType.Text),
            new("review_score", ColumnType.Integer),
            new("review_comment_title", ColumnType.Text),
            new("review_comment_message", ColumnType.Text),
            new("review_creation_date", ColumnType.Timestamp, TimestampFormat),
            new("review_answer_timestamp", ColumnType.Timestamp, TimestampFormat),
        ], Required: false) { AlternateNames = ["order_reviews.csv"] },
        new("products", "olist_products_dataset.csv",
        [
            new("product_id", ColumnType.Text),
            new("product_category_name", ColumnType.Text),
            // The published header misspells "length"; the correct spelling is accepted too.
            new("product_name_lenght", ColumnType.Integer) { Aliases = ["product_name_length"], Optional = true },
            new("product_description_lenght", ColumnType.Integer) { Aliases = ["product_description_length"], Optional = true },
            new("product_photos_qty", ColumnType.Integer) { Optional = true },
            new("product_weight_g", ColumnType.Double) { Optional = true },
            new("product_length_cm", ColumnType.Double) { Optional = true },
            new("product_height_cm", ColumnType.Double) { Optional = true },
            new("product_width_cm", ColumnType.Double) { Optional = true },
        ]) { AlternateNames = ["products.csv"] },
        new("sellers", "olist_sellers_dataset.csv",
        [
            new("seller_id", ColumnType.Text),
            new("seller_zip_code_prefix", ColumnType.Text),
            new("seller_city", ColumnType.Text),
            new("seller_state", ColumnType.Text),
        ], Required: false) { AlternateNames = ["sellers.csv"] },
        new("geolocation", "olist_geolocation_dataset.csv",
        [
            new("geolocation_zip_code_prefix", ColumnType.Text),
            new("geolocation_lat", ColumnType.Double),
            new("geolocation_lng", ColumnType.Double),
            new("geolocation_city", ColumnType.Text),
            new("geolocation_state", ColumnType.Text),
        ], Required: false) { AlternateNames = ["geolocation.csv"] },
        new("category_translation", "product_category_name_translation.csv",
        [
            new("product_category_name", ColumnType.Text),
            new("product_category_name_english", ColumnType.Text),
        ], Required: false),
    ];

    private static readonly QualityCheck[] CheckList =
    [
        new("olist_unmapped_customer", "Olist orders whose customer is not in the customer file",
            "An order whose per-order customer_id has no row in olist_customers_dataset, so its person (customer_unique_id) is unknown.",
            "Kept under the per-order id, which the shared orphan check then reports (quarantined unless orphans are kept)."),
        new("olist_order_without_items", "Olist orders without items",
            "An order in olist_orders_dataset with no row in olist_order_items_dataset, whatever its status.",
            "Kept and reported (typically canceled or unavailable orders)."),
        new("olist_items_without_order", "Olist items without an order",
            "A row of olist_order_items_dataset whose order_id is not in olist_orders_dataset.",
            "Quarantined (as a line without an order)."),
        new("olist_delivered_without_date", "Olist delivered orders without a delivery date",
            "An order with status delivered but no order_delivered_customer_date.",
            "Kept; its delivery days and delay stay unknown."),
        new("olist_not_a_purchase", "Olist orders that are not purchases",
            "An order whose status is not in the purchase set (default: delivered; see --purchase-statuses).",
            "Kept with is_purchase = FALSE: visible to quality checks, not counted by features, labels or KPIs."),
    ];

    public string Name => "olist";

    public string Description => "Olist Brazilian e-commerce: nine CSV files (customers, orders, order items, payments, reviews, products, sellers, geolocation, category translation).";

    public IReadOnlyList<SourceFile> Files => FileList;

    public IReadOnlyList<QualityCheck> Checks => CheckList;

    public string? ChecksSql => SqlScripts.Load("Sources/olist/checks.sql");

    public DateOnly ShopOpened => new(2000, 1, 1);

    public string StagingSql(IngestOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var statuses = options.PurchaseStatuses is { Count: > 0 } given ? given : DefaultPurchaseStatuses;
        var list = new List<string>(statuses.Count);
        foreach (var status in statuses)
        {
            list.Add(SqlScripts.Literal(status.Trim().ToLowerInvariant()));
        }

        return SqlScripts.Render(SqlScripts.Load("Sources/olist/staging.sql"),
            new Dictionary<string, string>(StringComparer.Ordinal) { ["purchase_statuses"] = string.Join(", ", list) });
    }

    public double Detect(string path) => SourceDetection.ScoreByFilesAndHeaders(path, FileList);
}
