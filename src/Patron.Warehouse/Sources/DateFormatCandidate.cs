using Patron.Warehouse.Ingest;

namespace Patron.Warehouse.Sources;

/// <summary>One strptime format a date or time column may be written in, and which day/month order it implies.</summary>
/// <param name="Format">DuckDB strptime format, e.g. <c>%m/%d/%Y %H:%M</c>.</param>
/// <param name="Order">The order it reads slashed dates in; <see cref="DateOrder.Auto"/> when it is unambiguous (ISO).</param>
public sealed record DateFormatCandidate(string Format, DateOrder Order = DateOrder.Auto);
