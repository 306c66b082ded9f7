namespace Patron.Server.Dashboard;

/// <summary>A column a list shows: the query's column, its header and its format (<c>text</c>, <c>customer</c> — a
/// link to the customer's page —, <c>money</c>, <c>int</c>, <c>pct</c>, <c>num</c>).</summary>
public sealed record ListColumn(string Name, string Header, string Format = "text");
