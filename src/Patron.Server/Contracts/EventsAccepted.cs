namespace Patron.Server.Contracts;

/// <summary>The answer to <c>POST /api/events</c> (202): the events stored durably, and each row the warehouse's silver
/// rules did not keep as it was (rejected, quarantined, dropped as a copy, or kept with a finding).</summary>
/// <param name="Orders">Orders in the request.</param>
/// <param name="Customers">Customers in the request.</param>
/// <param name="Sessions">Sessions in the request.</param>
/// <param name="Findings">What the silver rules said of single rows; empty when every row was kept as it was.</param>
/// <param name="AlreadyReceived">True when the same body had been stored before: nothing changed.</param>
public sealed record EventsAccepted(int Orders, int Customers, int Sessions, IReadOnlyList<EventFinding> Findings, bool AlreadyReceived);

/// <summary>One finding of the silver rules on a posted row.</summary>
/// <param name="Event"><c>orders</c>, <c>customers</c> or <c>sessions</c>.</param>
/// <param name="Index">The row's position in its array of the request.</param>
/// <param name="Line">For an order line, its position in the order's <c>lines</c>.</param>
/// <param name="Check">The rule (e.g. <c>future_timestamps</c>, <c>exact_duplicates</c>, <c>orphan_products</c>).</param>
/// <param name="Action">What was done: <c>quarantined</c>, <c>dropped</c>, <c>rejected</c>, <c>kept</c>, ...</param>
/// <param name="Detail">The reason, in words.</param>
public sealed record EventFinding(string Event, int Index, int? Line, string Check, string Action, string Detail);
