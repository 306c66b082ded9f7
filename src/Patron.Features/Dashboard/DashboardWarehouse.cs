using System.Globalization;
using Patron.DuckDb;
using Patron.Warehouse;

namespace Patron.Features.Dashboard;

/// <summary>What the dashboard reads: the warehouse attached read-only to a private in-memory database that also holds
/// the served run's predictions.csv as two tables (its cells as text, and typed). Pages open a
/// <see cref="DashboardQueries"/> per request with <see cref="Connect"/>.</summary>
/// <remarks>Thread-safe for <see cref="Connect"/>: each connection is used by one request. Dispose only when no
/// connection is open (the server swaps in a new instance when the run changes).</remarks>
public sealed class DashboardWarehouse : IDisposable
{
    private const string Alias = "patron_warehouse";

    /// <summary>Typed columns of the predictions table: name and SQL type; absent ones are NULL.</summary>
    private static readonly (string Name, string Type)[] PredictionColumns =
    [
        ("customer_id", "VARCHAR"), ("segment", "VARCHAR"), ("recommended_action", "VARCHAR"),
        ("churn_probability", "DOUBLE"), ("churn_risk_band", "VARCHAR"), ("repeat_probability", "DOUBLE"),
        ("high_value_probability", "DOUBLE"), ("predicted_clv", "DOUBLE"), ("predicted_clv_lower", "DOUBLE"),
        ("predicted_clv_upper", "DOUBLE"), ("p_alive", "DOUBLE"), ("expected_purchases", "DOUBLE"),
        ("reason_1", "VARCHAR"), ("reason_2", "VARCHAR"), ("reason_3", "VARCHAR"),
    ];

    private readonly DuckDbDatabase _database;

    private DashboardWarehouse(DuckDbDatabase database, string path, IReadOnlyList<string> predictionColumns)
    {
        _database = database;
        Path = path;
        PredictionFileColumns = predictionColumns;
    }

    /// <summary>The warehouse file.</summary>
    public string Path { get; }

    /// <summary>The columns of the run's predictions.csv, in its order (empty without the file).</summary>
    public IReadOnlyList<string> PredictionFileColumns { get; }

    /// <summary>Attaches <paramref name="warehouse"/> read-only and loads <paramref name="predictionsCsv"/> (when the
    /// file exists).</summary>
    /// <exception cref="FileNotFoundException">The warehouse file does not exist.</exception>
    public static DashboardWarehouse Open(string warehouse, string? predictionsCsv, DuckDbConfig? config = null)
    {
        ArgumentNullException.ThrowIfNull(warehouse);
        if (!File.Exists(warehouse))
        {
            throw new FileNotFoundException($"The warehouse {warehouse} does not exist.", warehouse);
        }

        var database = DuckDbDatabase.Open(DuckDbDatabase.InMemoryPath, config);
        try
        {
            using var connection = database.Connect();
            connection.Execute($"ATTACH {SqlScripts.Literal(warehouse)} AS {Alias} (READ_ONLY)");
            var columns = LoadPredictions(connection, predictionsCsv);
            return new DashboardWarehouse(database, warehouse, columns);
        }
        catch
        {
            database.Dispose();
            throw;
        }
    }

    /// <summary>A connection for one request, reading the warehouse's tables by their schema names.</summary>
    public DashboardQueries Connect()
    {
        var connection = _database.Connect();
        try
        {
            connection.Execute($"USE {Alias}");
            return new DashboardQueries(connection, this);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    public void Dispose() => _database.Dispose();

    private static List<string> LoadPredictions(DuckDbConnection connection, string? csv)
    {
        var file = new List<string>();
        if (csv is not null && File.Exists(csv))
        {
            // Every cell as text, so an export repeats the file's cells exactly; rowid keeps the file's order.
            connection.Execute($"CREATE TABLE memory.dash_predictions_raw AS SELECT * FROM read_csv({SqlScripts.Literal(csv)}, header = true, all_varchar = true, auto_detect = true)");
            using var described = connection.Query("SELECT column_name FROM (DESCRIBE memory.dash_predictions_raw)");
            for (var i = 0; i < (int)described.RowCount; i++)
            {
                file.Add(described["column_name"].GetString(i));
            }
        }
        else
        {
            connection.Execute("CREATE TABLE memory.dash_predictions_raw (customer_id VARCHAR)");
        }

        var present = file.Count > 0 ? file : ["customer_id"];
        var select = new List<string>(PredictionColumns.Length + 1);
        foreach (var (name, type) in PredictionColumns)
        {
            select.Add(present.Contains(name)
                ? string.Create(CultureInfo.InvariantCulture, $"TRY_CAST(nullif({name}, '') AS {type}) AS {name}")
                : $"CAST(NULL AS {type}) AS {name}");
        }

        select.Add("rowid AS rn");
        connection.Execute("CREATE TABLE memory.dash_predictions AS SELECT " + string.Join(", ", select) + " FROM memory.dash_predictions_raw");
        connection.Execute("ALTER TABLE memory.dash_predictions_raw ADD COLUMN rn BIGINT");
        connection.Execute("UPDATE memory.dash_predictions_raw SET rn = rowid");
        return file;
    }
}
