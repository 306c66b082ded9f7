using System.Diagnostics;
using System.Globalization;
using DuckDB.NET.Data;
using Patron.DuckDb;

namespace Patron.Bench;

/// <summary>
/// Patron's DuckDB layer (<c>Patron.DuckDb</c>) against DuckDB.NET.Data, the ADO.NET provider, on the same native library
/// in one process: a bulk load through the appender, a read of every row of a table of mixed columns, and a cycle of
/// open connection, one parameterised point query, close. Each measurement is the best of <c>--repeat</c> runs, and each
/// side checks that it loaded and read the same values (checksums).
/// </summary>
/// <remarks>Usage: <c>duckdbnet [--rows N] [--cycles N] [--cold-cycles N] [--repeat R] [--dir DIR] [--parts load,read,cycles,cold]</c>. The table has
/// six columns: BIGINT id, VARCHAR customer, DOUBLE amount, DATE day, INTEGER quantity, BOOLEAN returned.</remarks>
internal static class DuckDbNetBench
{
    private const string CreateTable =
        "CREATE OR REPLACE TABLE lines (id BIGINT, customer VARCHAR, amount DOUBLE, day DATE, quantity INTEGER, returned BOOLEAN)";

    /// <summary>What <see cref="Rows.Checksum"/> computes, in SQL, so a load is checked without reading it back.</summary>
    private const string ChecksumQuery =
        "SELECT SUM(id + length(customer) + amount + (day - DATE '1970-01-01') + quantity + returned::INTEGER) FROM lines";

    private const string PointQuery = "SELECT amount FROM points WHERE id = $1";

    private const int PointRows = 1_000;

    private static readonly DateOnly Epoch = new(1970, 1, 1);

    public static int Run(string[] args)
    {
        var rows = BenchArgs.IntOption(args, "--rows", 1_000_000);
        var cycles = BenchArgs.IntOption(args, "--cycles", 10_000);
        var coldCycles = BenchArgs.IntOption(args, "--cold-cycles", 1_000);
        var repeat = BenchArgs.IntOption(args, "--repeat", 3);
        var dir = BenchArgs.Option(args, "--dir", Path.Combine(Path.GetTempPath(), "patron-bench-duckdbnet"));
        var parts = BenchArgs.Option(args, "--parts", "load,read,cycles,cold").Split(',');
        Directory.CreateDirectory(dir);
        var data = Rows.Generate(rows, seed: 20261205);
        Console.WriteLine(FormattableString.Invariant(
            $"duckdbnet: {rows:N0} rows x 6 columns, {cycles:N0} warm and {coldCycles:N0} cold open/query/close cycles, best of {repeat}; DuckDB {DuckDbDatabase.LibraryVersion}; {Environment.ProcessorCount} cores"));

        // Bulk load.
        var expected = data.Checksum();
        if (parts.Contains("load"))
        {
            Report("load through the appender, row by row", rows, repeat, () => LoadPatron(data), () => LoadDuckDbNet(data), expected);
        }

        // Reads of every row.
        if (parts.Contains("read"))
        {
            using var patron = DuckDbConnection.OpenInMemory();
            using var net = new DuckDBConnection("Data Source=:memory:");
            net.Open();
            Fill(patron, data);
            FillDuckDbNet(net, data);
            Report("read every row into managed values", rows, repeat,
                () => ReadPatronColumns(patron), () => ReadDuckDbNet(net), expected);
            Best(repeat, () => ReadPatronVectors(patron), out var vectorSeconds, out var vectorSum);
            Console.WriteLine(FormattableString.Invariant(
                $"  patron vectors in place (no managed string): {vectorSeconds:F3} s = {rows / vectorSeconds:N0} rows/s{Check(vectorSum, expected)}"));
        }

        // Open, query, close against a file database.
        var file = Path.Combine(dir, "cycles.duckdb");
        File.Delete(file);
        File.Delete(file + ".wal");
        using (var setup = DuckDbConnection.Open(file))
        {
            // A small table, so the cycle measures the layer (open, prepare, bind, read, close) more than the scan.
            Fill(setup, data);
            setup.Execute($"CREATE TABLE points AS SELECT * FROM lines WHERE id < {PointRows}");
        }

        var pointSum = 0.0;
        for (var i = 0; i < cycles; i++)
        {
            pointSum += data.Amounts[i % PointRows];
        }

        if (parts.Contains("cycles"))
        {
            Report("open connection + point query + close, database kept open", cycles, repeat,
            () => CyclesPatron(file, cycles), () => CyclesDuckDbNet(file, cycles), pointSum);
        }

        var coldSum = 0.0;
        for (var i = 0; i < coldCycles; i++)
        {
            coldSum += data.Amounts[i % PointRows];
        }

        if (parts.Contains("cold"))
        {
            Report("open database + point query + close", coldCycles, repeat,
            () => ColdCyclesPatron(file, coldCycles), () => ColdCyclesDuckDbNet(file, coldCycles), coldSum);
        }

        return 0;
    }

    private static void Report(string what, int count, int repeat, Func<double> patron, Func<double> net, double expected)
    {
        Best(repeat, patron, out var patronSeconds, out var patronSum);
        Best(repeat, net, out var netSeconds, out var netSum);
        Console.WriteLine(what);
        Console.WriteLine(FormattableString.Invariant(
            $"  patron:     {patronSeconds:F3} s = {count / patronSeconds:N0}/s{Check(patronSum, expected)}"));
        Console.WriteLine(FormattableString.Invariant(
            $"  duckdb.net: {netSeconds:F3} s = {count / netSeconds:N0}/s{Check(netSum, expected)}"));
        Console.WriteLine(FormattableString.Invariant($"  ratio: duckdb.net / patron = {netSeconds / patronSeconds:F2}"));
    }

    /// <summary>Runs the measurement once to warm up, then <paramref name="repeat"/> times, keeping the fastest.</summary>
    private static void Best(int repeat, Func<double> run, out double seconds, out double checksum)
    {
        checksum = run();
        seconds = double.MaxValue;
        for (var i = 0; i < repeat; i++)
        {
            var watch = Stopwatch.StartNew();
            checksum = run();
            seconds = Math.Min(seconds, watch.Elapsed.TotalSeconds);
        }
    }

    private static string Check(double actual, double expected) =>
        Math.Abs(actual - expected) <= 1e-9 * Math.Max(1.0, Math.Abs(expected))
            ? string.Empty
            : FormattableString.Invariant($"  CHECKSUM {actual:R} != {expected:R}");

    private static double LoadPatron(Rows data)
    {
        using var connection = DuckDbConnection.OpenInMemory();
        Fill(connection, data);
        return connection.Scalar<double>(ChecksumQuery);
    }

    private static double LoadDuckDbNet(Rows data)
    {
        using var connection = new DuckDBConnection("Data Source=:memory:");
        connection.Open();
        FillDuckDbNet(connection, data);
        using var command = connection.CreateCommand();
        command.CommandText = ChecksumQuery;
        return Convert.ToDouble(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    private static void Fill(DuckDbConnection connection, Rows data)
    {
        connection.Execute(CreateTable);
        using var appender = connection.CreateAppender("main", "lines");
        for (var i = 0; i < data.Count; i++)
        {
            appender.Append(data.Ids[i]).Append(data.Customers[i]).Append(data.Amounts[i])
                .Append(data.Days[i]).Append(data.Quantities[i]).Append(data.Returned[i]).EndRow();
        }
    }

    private static void FillDuckDbNet(DuckDBConnection connection, Rows data)
    {
        using (var command = connection.CreateCommand())
        {
            command.CommandText = CreateTable;
            command.ExecuteNonQuery();
        }

        using var appender = connection.CreateAppender("lines");
        for (var i = 0; i < data.Count; i++)
        {
            appender.CreateRow().AppendValue(data.Ids[i]).AppendValue(data.Customers[i]).AppendValue(data.Amounts[i])
                .AppendValue(data.Days[i]).AppendValue(data.Quantities[i]).AppendValue(data.Returned[i]).EndRow();
        }
    }

    private static double ReadPatronColumns(DuckDbConnection connection)
    {
        var sum = 0.0;
        using var reader = connection.QueryStreaming("SELECT * FROM lines");
        while (reader.NextChunk())
        {
            var ids = reader.Column(0);
            var customers = reader.Column(1);
            var amounts = reader.Column(2);
            var days = reader.Column(3);
            var quantities = reader.Column(4);
            var returned = reader.Column(5);
            for (var r = 0; r < reader.RowCount; r++)
            {
                sum += ids.GetInt64(r) + customers.GetString(r).Length + amounts.GetDouble(r)
                    + (days.GetDate(r).DayNumber - Epoch.DayNumber) + quantities.GetInt32(r) + (returned.GetBoolean(r) ? 1 : 0);
            }
        }

        return sum;
    }

    private static double ReadPatronVectors(DuckDbConnection connection)
    {
        var sum = 0.0;
        using var reader = connection.QueryStreaming("SELECT * FROM lines");
        while (reader.NextChunk())
        {
            var ids = reader.Vector(0).Int64s();
            var customers = reader.Vector(1);
            var amounts = reader.Vector(2).Doubles();
            var days = reader.Vector(3).Int32s();
            var quantities = reader.Vector(4).Int32s();
            var returned = reader.Vector(5).Booleans();
            for (var r = 0; r < ids.Length; r++)
            {
                sum += ids[r] + customers.Utf8(r).Length + amounts[r] + days[r] + quantities[r] + returned[r];
            }
        }

        return sum;
    }

    private static double ReadDuckDbNet(DuckDBConnection connection)
    {
        var sum = 0.0;
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT * FROM lines";
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            sum += reader.GetInt64(0) + reader.GetString(1).Length + reader.GetDouble(2)
                + (reader.GetFieldValue<DateOnly>(3).DayNumber - Epoch.DayNumber) + reader.GetInt32(4) + (reader.GetBoolean(5) ? 1 : 0);
        }

        return sum;
    }

    private static double CyclesPatron(string file, int cycles)
    {
        using var database = DuckDbDatabase.Open(file);
        var sum = 0.0;
        for (var i = 0; i < cycles; i++)
        {
            using var connection = database.Connect();
            sum += connection.Scalar<double>(PointQuery, (long)(i % PointRows));
        }

        return sum;
    }

    private static double CyclesDuckDbNet(string file, int cycles)
    {
        var source = $"Data Source={file}";
        // DuckDB.NET shares one database between the connections to a file while one of them is open.
        using var keeper = new DuckDBConnection(source);
        keeper.Open();
        var sum = 0.0;
        for (var i = 0; i < cycles; i++)
        {
            sum += PointDuckDbNet(source, i % PointRows);
        }

        return sum;
    }

    private static double ColdCyclesPatron(string file, int cycles)
    {
        var sum = 0.0;
        for (var i = 0; i < cycles; i++)
        {
            using var connection = DuckDbConnection.Open(file);
            sum += connection.Scalar<double>(PointQuery, (long)(i % PointRows));
        }

        return sum;
    }

    private static double ColdCyclesDuckDbNet(string file, int cycles)
    {
        var source = $"Data Source={file}";
        var sum = 0.0;
        for (var i = 0; i < cycles; i++)
        {
            sum += PointDuckDbNet(source, i % PointRows);
        }

        return sum;
    }

    private static double PointDuckDbNet(string source, long id)
    {
        using var connection = new DuckDBConnection(source);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = PointQuery;
        command.Parameters.Add(new DuckDBParameter(id));
        return Convert.ToDouble(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    /// <summary>The generated rows, column by column.</summary>
    private sealed class Rows
    {
        public required long[] Ids { get; init; }

        public required string[] Customers { get; init; }

        public required double[] Amounts { get; init; }

        public required DateOnly[] Days { get; init; }

        public required int[] Quantities { get; init; }

        public required bool[] Returned { get; init; }

        public int Count => Ids.Length;

        public static Rows Generate(int count, int seed)
        {
            var random = new Random(seed);
            var data = new Rows
            {
                Ids = new long[count],
                Customers = new string[count],
                Amounts = new double[count],
                Days = new DateOnly[count],
                Quantities = new int[count],
                Returned = new bool[count],
            };
            for (var i = 0; i < count; i++)
            {
                data.Ids[i] = i;
                // Half the identifiers fit DuckDB's 12-byte inline strings, half do not.
                data.Customers[i] = random.Next(2) == 0
                    ? "C" + random.Next(1_000_000).ToString("D7", CultureInfo.InvariantCulture)
                    : "customer-" + random.Next(1_000_000).ToString("D7", CultureInfo.InvariantCulture);
                data.Amounts[i] = Math.Round(random.NextDouble() * 200.0, 2);
                data.Days[i] = new DateOnly(2020, 1, 1).AddDays(random.Next(1_500));
                data.Quantities[i] = 1 + random.Next(5);
                data.Returned[i] = random.Next(20) == 0;
            }

            return data;
        }

        public double Checksum()
        {
            var sum = 0.0;
            for (var i = 0; i < Count; i++)
            {
                sum += Ids[i] + Customers[i].Length + Amounts[i] + (Days[i].DayNumber - Epoch.DayNumber) + Quantities[i] + (Returned[i] ? 1 : 0);
            }

            return sum;
        }
    }
}
