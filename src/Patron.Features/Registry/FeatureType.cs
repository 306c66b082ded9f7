namespace Patron.Features.Registry;

/// <summary>The storage type of a feature column in <c>gold.customer_features</c>.</summary>
public enum FeatureType
{
    /// <summary>A whole number (DuckDB BIGINT).</summary>
    Integer,

    /// <summary>A real number (DuckDB DOUBLE).</summary>
    Real,

    /// <summary>A category given as text (DuckDB VARCHAR).</summary>
    Category,
}
