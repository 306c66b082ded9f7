namespace Patron.Server.Contracts;

/// <summary>The answer to <c>POST /api/events</c> (202): the events are in the server's journal, on disk, and will be
/// applied to the warehouse; <see cref="StatusUrl"/> tells when they were and what the silver rules said of them.</summary>
/// <param name="Batch">The request's number in the journal (its sequence).</param>
/// <param name="Status">Always <c>accepted</c> here (see <see cref="EventBatchState"/>).</param>
/// <param name="StatusUrl">Where the batch's state and findings are read: <c>/api/events/{batch}</c>.</param>
/// <param name="Orders">Orders in the request.</param>
/// <param name="Customers">Customers in the request.</param>
/// <param name="Sessions">Sessions in the request.</param>
public sealed record EventsAccepted(long Batch, string Status, string StatusUrl, int Orders, int Customers, int Sessions);

/// <summary>The answer to <c>GET /api/events/{batch}</c>: where a posted batch is, and, once in the warehouse, each row
/// the silver rules did not keep as it was.</summary>
/// <param name="Batch">The batch's number.</param>
/// <param name="Status"><c>accepted</c> (journaled, not yet in the warehouse), <c>stored</c> (in the warehouse) or
/// <c>refused</c> (the warehouse could not read it: nothing of it was stored; <see cref="Error"/> says why).</param>
/// <param name="Orders">Orders in the request (null when the server no longer holds the batch's details).</param>
/// <param name="Customers">Customers in the request (likewise).</param>
/// <param name="Sessions">Sessions in the request (likewise).</param>
/// <param name="AlreadyReceived">True when the same events had been stored before: nothing changed.</param>
/// <param name="Findings">What the silver rules said of single rows once stored (empty when every row was kept as it
/// was); null while accepted, and for a batch stored before the server's last start (its findings are among the
/// warehouse's quality issues).</param>
/// <param name="Error">Why a refused batch was refused.</param>
public sealed record EventBatchState(long Batch, string Status, int? Orders, int? Customers, int? Sessions, bool AlreadyReceived, IReadOnlyList<EventFinding>? Findings, string? Error);

/// <summary>One finding of the silver rules on a posted row.</summary>
/// <param name="Event"><c>orders</c>, <c>customers</c> or <c>sessions</c>.</param>
/// <param name="Index">The row's position in its array of the request.</param>
/// <param name="Line">For an order line, its position in the order's <c>lines</c>.</param>
/// <param name="Check">The rule (e.g. <c>future_timestamps</c>, <c>exact_duplicates</c>, <c>orphan_products</c>).</param>
/// <param name="Action">What was done: <c>quarantined</c>, <c>dropped</c>, <c>rejected</c>, <c>kept</c>, ...</param>
/// <param name="Detail">The reason, in words.</param>
public sealed record EventFinding(string Event, int Index, int? Line, string Check, string Action, string Detail);
