namespace Patron.Server.Contracts;

/// <summary>The run served: its version, cutoff, customers and the memory they take.</summary>
public sealed record ReadyResponse(string Status, string Run, string? AsOf, int Customers, long BytesPerCustomer, double LoadSeconds, string Store);
