using Patron.Server.Contracts;
using Patron.Warehouse.Ingest;
using Patron.Warehouse.Sources.Events;

namespace Patron.Server.Live;

/// <summary>Several requests' events written as one batch (one commit for all), with the way back from a row of a
/// batch file to the request, event and line it came from.</summary>
internal sealed class EventRows
{
    private readonly List<(int Request, int Index, int? Line)> _orders = [];
    private readonly List<(int Request, int Index, int? Line)> _lines = [];
    private readonly List<(int Request, int Index, int? Line)> _customers = [];
    private readonly List<(int Request, int Index, int? Line)> _sessions = [];

    public EventRows(IReadOnlyList<EventBatch> requests)
    {
        for (var j = 0; j < requests.Count; j++)
        {
            var request = requests[j];
            Batch.Add(request);
            for (var i = 0; i < request.Orders.Count; i++)
            {
                _orders.Add((j, i, null));
                for (var k = 0; k < request.Orders[i].Lines.Count; k++)
                {
                    _lines.Add((j, i, k));
                }
            }

            for (var i = 0; i < request.Customers.Count; i++)
            {
                _customers.Add((j, i, null));
            }

            for (var i = 0; i < request.Sessions.Count; i++)
            {
                _sessions.Add((j, i, null));
            }
        }
    }

    /// <summary>All the requests' events, in request order.</summary>
    public EventBatch Batch { get; } = new();

    /// <summary>The findings of each request, by request.</summary>
    public List<EventFinding>[] Split(IReadOnlyList<IngestFinding> findings, int requests)
    {
        var result = new List<EventFinding>[requests];
        for (var j = 0; j < requests; j++)
        {
            result[j] = [];
        }

        foreach (var finding in findings)
        {
            var (rows, kind) = finding.FileKey switch
            {
                "orders" => (_orders, "orders"),
                "order_lines" => (_lines, "orders"),
                "customers" => (_customers, "customers"),
                _ => (_sessions, "sessions"),
            };
            var at = (int)finding.Row - 1;
            if (at < 0 || at >= rows.Count)
            {
                continue;
            }

            var (request, index, line) = rows[at];
            var detail = finding.Column is { } column ? $"{column}: {finding.Detail}" : finding.Detail;
            result[request].Add(new EventFinding(kind, index, line, finding.Check, finding.Action, detail));
        }

        return result;
    }
}
