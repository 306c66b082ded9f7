using Patron.Warehouse.Ingest;
using Patron.Warehouse.Sources.Generic;
using Patron.Warehouse.Tests.Support;

namespace Patron.Warehouse.Tests.Silver;

/// <summary>The sessions' insert keeps its join sides as written (Silver/sessions.sql) and gives the setting back, so a
/// server's connection that appends files plans its later queries as before.</summary>
public sealed class SessionJoinSidesTests
{
    [Fact]
    public void Append_GenericSessions_SumsTheAmountsAndLeavesTheOptimizerAsItWas()
    {
        using var temp = new TempFolder();
        var folder = GenericShop.Write(temp.Folder("export"), sessions: GenericShop.Csv(GenericShop.SessionsHeader, GenericShop.Sessions));
        using var connection = WarehouseFile.Open(temp.File("w.duckdb"));

        new Ingestor(new FixedTime(new DateTimeOffset(2026, 11, 1, 12, 0, 0, TimeSpan.Zero))).Append(connection, new GenericSource(), folder);

        Assert.Equal("", connection.Scalar<string>("SELECT CAST(current_setting('disabled_optimizers') AS VARCHAR);"));
        // S1 is the visit in which T1 (2 x 12.50) was placed; S4's purchase flag has no order during the visit.
        Assert.Equal(25.0, connection.Scalar<double>("SELECT purchase_amount FROM silver.sessions WHERE session_id = 'S1';"));
        Assert.Equal(1L, connection.Scalar<long>("SELECT count(*) FROM silver.sessions WHERE session_id = 'S4' AND purchased AND purchase_amount IS NULL;"));
        Assert.Equal(4L, connection.Scalar<long>("SELECT count(*) FROM silver.sessions;"));
    }
}
