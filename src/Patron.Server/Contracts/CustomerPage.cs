namespace Patron.Server.Contracts;

/// <summary>One page of the filtered, sorted customer list.</summary>
public sealed record CustomerPage(int Total, int Page, int PageSize, string Sort, IReadOnlyList<CustomerProfile> Items);
