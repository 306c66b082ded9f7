namespace Patron.Features.Registry;

/// <summary>The silver data a feature needs; a feature is NULL for customers (or whole shops) whose source lacks it.</summary>
[Flags]
public enum FeatureSources
{
    /// <summary>No data beyond the customer population.</summary>
    None = 0,

    /// <summary><c>silver.orders</c> (every source).</summary>
    Orders = 1,

    /// <summary><c>silver.order_lines</c> amounts and quantities (every source).</summary>
    Lines = 2,

    /// <summary>Product category and brand, as of the cutoff (<c>silver.product_versions</c>).</summary>
    Products = 4,

    /// <summary><c>silver.orders.payment_method</c> or <c>installments</c>.</summary>
    Payments = 8,

    /// <summary><c>silver.reviews</c> with scores and creation times.</summary>
    Reviews = 16,

    /// <summary><c>silver.orders</c> delivery timestamps (<c>delivered_at</c>, <c>estimated_delivery_at</c>).</summary>
    Delivery = 32,

    /// <summary><c>silver.sessions</c> of known customers.</summary>
    Sessions = 64,

    /// <summary>Customer attributes, as of the cutoff (<c>silver.customer_versions</c>).</summary>
    Customers = 128,

    /// <summary>Product margin, as of the cutoff (<c>silver.product_versions.margin</c>).</summary>
    Margin = 256,
}
