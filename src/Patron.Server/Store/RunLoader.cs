using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Patron.Features.Registry;
using Patron.Features.Rules;
using Patron.Learning;
using Patron.Learning.Serialization;
using Patron.Pipeline.Output;
using Patron.Server.Scoring;

namespace Patron.Server.Store;

/// <summary>Reads a run folder (docs/run-folder.md) into a <see cref="RunSnapshot"/>: predictions.csv and
/// features.parquet into columns, the saved models, metrics.json into model cards and the KPI tables.</summary>
internal static class RunLoader
{
    private static readonly string[] NumericColumns =
    [
        "churn_probability", "repeat_probability", "high_value_probability", "predicted_clv", "predicted_clv_lower",
        "predicted_clv_upper", "p_alive", "expected_purchases", "early_high_value_probability",
    ];

    /// <summary>Customer tasks whose saved models the what-if scorer uses, in the order profiles list them.</summary>
    public static readonly string[] CustomerTasks = ["churn", "repeat", "high_value", "clv"];

    public static RunSnapshot Load(string folder)
    {
        var clock = new LoadClock();
        folder = Path.GetFullPath(folder);
        var runJson = Path.Combine(folder, "run.json");
        var predictionsCsv = Path.Combine(folder, "predictions.csv");
        if (!File.Exists(runJson))
        {
            throw new FileNotFoundException($"{folder} is not a finished run folder: run.json is missing.");
        }

        var runBytes = File.ReadAllBytes(runJson);
        using var run = JsonDocument.Parse(runBytes);
        var runId = Text(run.RootElement, "run_id") ?? "run";
        var asOf = Text(run.RootElement, "scoring_cutoff");
        var trainedAsOf = Text(run.RootElement, "training_cutoff");

        var models = new Dictionary<string, IPredictor>(StringComparer.Ordinal);
        var scorers = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        var versions = new SortedDictionary<string, string>(StringComparer.Ordinal);
        using var versionHash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        versionHash.AppendData(runBytes);
        var snapshotFile = Path.Combine(folder, ProfileSnapshot.FileName);
        var rulesFile = Path.Combine(folder, CrossSellJson.RulesFile);
        foreach (var file in new[] { predictionsCsv, snapshotFile, rulesFile })
        {
            if (File.Exists(file))
            {
                AppendFileStamp(versionHash, file);
            }
        }

        var modelFolder = Path.Combine(folder, "models");
        if (Directory.Exists(modelFolder))
        {
            var files = Directory.GetFiles(modelFolder, "*.json");
            Array.Sort(files, StringComparer.Ordinal);
            foreach (var file in files)
            {
                var bytes = File.ReadAllBytes(file);
                var task = Path.GetFileNameWithoutExtension(file);
                if (IsLearnedModel(bytes))
                {
                    using var stream = new MemoryStream(bytes, writable: false);
                    models[task] = ModelSerializer.Load(stream);
                }
                else
                {
                    scorers[task] = bytes;
                }

                versions[task] = Convert.ToHexStringLower(SHA256.HashData(bytes))[..12];
                versionHash.AppendData(bytes);
            }
        }

        clock.Lap("models");

        // The model cards, KPI tables and rules are independent of the customers: read beside them, on another core.
        var side = Task.Run(() => (
            Cards: ModelCards(folder, models, versions, trainedAsOf),
            Kpis: ReadKpis(Path.Combine(folder, "kpi")),
            CrossSell: File.Exists(rulesFile) ? CrossSell.FromFile(rulesFile) : null));

        // A run over sessions alone (an Online Shoppers export) has no customers.
        var customers = !File.Exists(predictionsCsv) ? NoCustomers()
            : ReadSnapshot(snapshotFile, predictionsCsv, clock) ?? ReadCustomers(folder, predictionsCsv);
        clock.Lap("customers");
        var (cards, kpis, crossSell) = side.GetAwaiter().GetResult();
        clock.Lap("cards, kpis and rules (after the customers)");
        var version = runId + "-" + Convert.ToHexStringLower(versionHash.GetHashAndReset())[..8];
        var positiveRate = PositiveRate(cards, SessionScorer.TaskName);
        return new RunSnapshot
        {
            Version = version,
            Folder = folder,
            AsOf = asOf,
            ModelVersions = versions,
            Customers = customers,
            CustomerScorer = CustomerScorer.Create(models, LifetimeScorer.Create(scorers, Days(run.RootElement, "horizon_days"), Days(run.RootElement, "clv_horizon_days"))),
            SessionScorer = models.TryGetValue(SessionScorer.TaskName, out var session) ? new SessionScorer(session, positiveRate) : null,
            ModelCards = cards,
            Segments = kpis.TryGetValue("segments", out var segments) ? segments : [],
            Kpis = kpis,
            CrossSell = crossSell,
            NoCrossSell = crossSell is null ? CrossSellNotice.Why(folder, File.Exists(rulesFile)) : null,
            LoadSeconds = clock.Seconds,
            LoadPhases = clock.ToString(),
        };
    }

    /// <summary>The customers from profiles.bin, or null when there is none or it was not written with this
    /// predictions.csv (its recorded length differs), so the CSV is read instead.</summary>
    private static CustomerColumns? ReadSnapshot(string path, string predictionsCsv, LoadClock clock)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        // Every column (numbers, text codes, orders, ids) is mapped, not copied: a 2.1M-customer run is ready without
        // reading its 1.7 GB, and pages come from the page cache as requests ask. Mapping is safe only under a read
        // lease (ProfileFileMapping: a file rewritten in place is detached first); without one the columns are read.
        var mapping = ProfileFileMapping.TryMap(path, out var why);
        if (mapping is null)
        {
            clock.Note("profiles.bin read, not mapped: " + why);
        }

        using var stream = mapping is null
            ? new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, 1 << 16)
            : new FileStream(new Microsoft.Win32.SafeHandles.SafeFileHandle(mapping.Handle.DangerousGetHandle(), ownsHandle: false), FileAccess.Read, 1 << 16);
        var s = ProfileSnapshot.Read(stream, path, mapping is null ? null : _ => true);
        if (s.PredictionsLength != new FileInfo(predictionsCsv).Length)
        {
            return null;
        }

        clock.Lap("profiles.bin");

        // The id hash table is built on another core while the text columns are checked.
        var indexing = Task.Run(() => mapping is null ? IdIndex.FromBytes(s.IdBytes, s.IdOffsets)
            : IdIndex.FromMapping(mapping, s.InFile["customer_id"], s.Rows, s.IdBytesAt, s.IdByteCount));
        NumberColumn? Numbers(string name) => s.InFile.TryGetValue(name, out var at) && !s.Pools.ContainsKey(name) ? NumberColumn.Mapped(mapping!, at, s.Rows)
            : s.Numbers.TryGetValue(name, out var values) ? NumberColumn.Of(values) : null;
        bool HasNumbers(string name) => s.Numbers.ContainsKey(name) || (s.InFile.ContainsKey(name) && !s.Pools.ContainsKey(name));
        TextColumn Texts(string name) => s.Texts.TryGetValue(name, out var t) ? TextColumn.FromCodes(t.Pool, t.Codes)
            : s.Pools.TryGetValue(name, out var pool) ? TextColumn.FromCodes(pool, ColumnValues<int>.Mapped(mapping!, s.InFile[name], s.Rows))
            : TextColumn.FromCodes([null], new int[s.Rows]);
        bool HasTexts(string name) => s.Texts.ContainsKey(name) || s.Pools.ContainsKey(name);
        ColumnValues<int>? Order(string name)
        {
            var order = s.Orders.TryGetValue(name, out var rows) ? ColumnValues<int>.Of(rows)
                : s.InFile.TryGetValue(name, out var at) ? ColumnValues<int>.Mapped(mapping!, at, s.Rows) : null;
            var bad = false;
            order?.Scan(ref bad, (ReadOnlySpan<int> values, ref bool outside) => outside = AnyOutside(values, (uint)s.Rows));
            return bad ? throw new InvalidDataException($"{path}: the row order {name} names a row outside the {s.Rows} customers.") : order;
        }

        var reasons = new List<TextColumn>();
        for (var k = 1; HasTexts("reason_" + k.ToString(CultureInfo.InvariantCulture)); k++)
        {
            reasons.Add(Texts("reason_" + k.ToString(CultureInfo.InvariantCulture)));
        }

        var next = new List<NextProductColumns>();
        for (var r = 1; HasNumbers(ProfileSnapshot.NextField(r, "score")); r++)
        {
            next.Add(new NextProductColumns(Texts(ProfileSnapshot.NextField(r, "product_id")), Texts(ProfileSnapshot.NextField(r, "name")), Numbers(ProfileSnapshot.NextField(r, "score"))!,
                Texts(ProfileSnapshot.NextField(r, "source")), Texts(ProfileSnapshot.NextField(r, "reason"))));
        }

        var features = new List<FeatureColumn>();
        foreach (var name in s.Names)
        {
            if (!name.StartsWith(ProfileSnapshot.FeaturePrefix, StringComparison.Ordinal))
            {
                continue;
            }

            var feature = name[ProfileSnapshot.FeaturePrefix.Length..];
            features.Add(HasTexts(name) ? new FeatureColumn(feature, null, Texts(name)) : new FeatureColumn(feature, Numbers(name), null));
        }

        ColumnValues<sbyte>? flags = s.Flags.TryGetValue("high_value_flag", out var flagValues) ? ColumnValues<sbyte>.Of(flagValues)
            : s.InFile.TryGetValue("high_value_flag", out var flagsAt) ? ColumnValues<sbyte>.Mapped(mapping!, flagsAt, s.Rows) : null;
        var segments = Texts("segment");
        var actions = Texts("recommended_action");
        var byChurn = Order(ProfileSnapshot.OrderPrefix + "churn");
        var byClv = Order(ProfileSnapshot.OrderPrefix + "clv");
        clock.Lap("columns");
        var index = indexing.GetAwaiter().GetResult();
        clock.Lap("id index (after the columns)");
        return new CustomerColumns
        {
            Ids = index,
            Segments = segments,
            Actions = actions,
            Churn = Numbers("churn_probability"),
            Repeat = Numbers("repeat_probability"),
            HighValue = Numbers("high_value_probability"),
            HighValueFlag = flags,
            Clv = Numbers("predicted_clv"),
            ClvLower = Numbers("predicted_clv_lower"),
            ClvUpper = Numbers("predicted_clv_upper"),
            PAlive = Numbers("p_alive"),
            ExpectedPurchases = Numbers("expected_purchases"),
            EarlyHighValue = Numbers("early_high_value_probability"),
            Reasons = reasons,
            NextProducts = next,
            Features = features,
            ByChurn = byChurn,
            ByClv = byClv,
            Mapping = mapping,
        };
    }

    private static bool AnyOutside(ReadOnlySpan<int> rows, uint count)
    {
        uint largest = 0;
        foreach (var row in rows)
        {
            largest = Math.Max(largest, (uint)row);
        }

        return rows.Length > 0 && largest >= count;
    }

    private static CustomerColumns ReadCustomers(string folder, string predictionsCsv)
    {
        using var table = RunTable.ReadCsv(predictionsCsv, name => Array.IndexOf(NumericColumns, name) >= 0);
        var ids = table.Texts("customer_id");
        var index = IdIndex.Build(ids);
        double[]? Numbers(string name) => table.Has(name) ? table.Numbers(name) : null;
        NumberColumn? Column(string name) => table.Has(name) ? NumberColumn.Of(table.Numbers(name)) : null;
        var reasons = new List<TextColumn>();
        for (var k = 1; table.Has("reason_" + k.ToString(CultureInfo.InvariantCulture)); k++)
        {
            reasons.Add(TextColumn.Build(table.Texts("reason_" + k.ToString(CultureInfo.InvariantCulture)), emptyIsNull: true));
        }

        sbyte[]? flags = null;
        if (table.Has("high_value_flag"))
        {
            var texts = table.Texts("high_value_flag");
            flags = new sbyte[texts.Length];
            for (var i = 0; i < flags.Length; i++)
            {
                flags[i] = texts[i] switch { "true" => 1, "false" => 0, _ => -1 };
            }
        }

        var churn = Numbers("churn_probability");
        var clv = Numbers("predicted_clv");
        return new CustomerColumns
        {
            Ids = index,
            Segments = TextColumn.Build(table.Has("segment") ? table.Texts("segment") : new string?[ids.Length], emptyIsNull: true),
            Actions = TextColumn.Build(table.Has("recommended_action") ? table.Texts("recommended_action") : new string?[ids.Length], emptyIsNull: true),
            Churn = churn is null ? null : NumberColumn.Of(churn),
            Repeat = Column("repeat_probability"),
            HighValue = Column("high_value_probability"),
            HighValueFlag = flags is null ? null : ColumnValues<sbyte>.Of(flags),
            Clv = clv is null ? null : NumberColumn.Of(clv),
            ClvLower = Column("predicted_clv_lower"),
            ClvUpper = Column("predicted_clv_upper"),
            PAlive = Column("p_alive"),
            ExpectedPurchases = Column("expected_purchases"),
            EarlyHighValue = Column("early_high_value_probability"),
            Reasons = reasons,
            NextProducts = ReadNextProducts(Path.Combine(folder, CrossSellJson.NextProductsFile), index),
            Features = ReadFeatures(Path.Combine(folder, "features.parquet"), index),
            ByChurn = churn is null ? null : ColumnValues<int>.Of(ProfileSnapshot.Descending(churn)),
            ByClv = clv is null ? null : ColumnValues<int>.Of(ProfileSnapshot.Descending(clv)),
        };
    }

    private static CustomerColumns NoCustomers() => new()
    {
        Ids = IdIndex.Build([]),
        Segments = TextColumn.Build([], emptyIsNull: true),
        Actions = TextColumn.Build([], emptyIsNull: true),
        Reasons = [],
        Features = [],
    };

    /// <summary>The registry's features of every customer, placed by the id index (features.parquet may hold the rows
    /// in another order, and customers without a prediction are left out).</summary>
    private static List<FeatureColumn> ReadFeatures(string path, IdIndex index)
    {
        var columns = new List<FeatureColumn>();
        if (!File.Exists(path))
        {
            return columns;
        }

        using var table = RunTable.ReadParquet(path);
        var ids = table.Texts("customer_id");
        var rows = new int[ids.Length];
        for (var i = 0; i < ids.Length; i++)
        {
            rows[i] = ids[i] is null ? -1 : index.Find(ids[i]);
        }

        foreach (var name in table.Columns)
        {
            if (FeatureRegistry.Find(name) is null)
            {
                continue;
            }

            if (table.IsText(name))
            {
                var source = table.Texts(name);
                var placed = new string?[index.Count];
                for (var i = 0; i < rows.Length; i++)
                {
                    if (rows[i] >= 0)
                    {
                        placed[rows[i]] = source[i];
                    }
                }

                columns.Add(new FeatureColumn(name, null, TextColumn.Build(placed, emptyIsNull: false)));
            }
            else
            {
                var source = table.Numbers(name);
                var placed = new double[index.Count];
                Array.Fill(placed, double.NaN);
                for (var i = 0; i < rows.Length; i++)
                {
                    if (rows[i] >= 0)
                    {
                        placed[rows[i]] = source[i];
                    }
                }

                columns.Add(new FeatureColumn(name, NumberColumn.Of(placed), null));
            }
        }

        return columns;
    }

    /// <summary>next_products.csv (customer_id, rank, product_id, product_name, score, source, reason) placed by the id
    /// index: the next products of a run folder without profiles.bin.</summary>
    private static List<NextProductColumns> ReadNextProducts(string path, IdIndex index)
    {
        var columns = new List<NextProductColumns>();
        if (!File.Exists(path))
        {
            return columns;
        }

        using var table = RunTable.ReadCsv(path, name => name is "rank" or "score");
        var customers = table.Texts("customer_id");
        var ranks = table.Numbers("rank");
        var ids = table.Texts("product_id");
        var names = table.Texts("product_name");
        var scores = table.Numbers("score");
        var sources = table.Texts("source");
        var reasons = table.Texts("reason");
        var top = 0;
        foreach (var rank in ranks)
        {
            top = Math.Max(top, (int)rank);
        }

        for (var r = 1; r <= top; r++)
        {
            var placedIds = new string?[index.Count];
            var placedNames = new string?[index.Count];
            var placedSources = new string?[index.Count];
            var placedReasons = new string?[index.Count];
            var placedScores = new double[index.Count];
            Array.Fill(placedScores, double.NaN);
            for (var i = 0; i < customers.Length; i++)
            {
                var row = (int)ranks[i] == r && customers[i] is { } id ? index.Find(id) : -1;
                if (row >= 0)
                {
                    placedIds[row] = ids[i];
                    placedNames[row] = names[i] ?? ids[i];
                    placedSources[row] = sources[i];
                    placedReasons[row] = reasons[i];
                    placedScores[row] = scores[i];
                }
            }

            columns.Add(new NextProductColumns(TextColumn.Build(placedIds, true), TextColumn.Build(placedNames, true), NumberColumn.Of(placedScores),
                TextColumn.Build(placedSources, true), TextColumn.Build(placedReasons, true)));
        }

        return columns;
    }

    private static JsonArray ModelCards(string folder, Dictionary<string, IPredictor> models, IReadOnlyDictionary<string, string> versions, string? trainedAsOf)
    {
        var cards = new JsonArray();
        var metricsPath = Path.Combine(folder, "metrics.json");
        if (!File.Exists(metricsPath))
        {
            return cards;
        }

        var metrics = JsonNode.Parse(File.ReadAllBytes(metricsPath))?["tasks"] as JsonObject ?? [];
        foreach (var (task, node) in metrics)
        {
            if (node is not JsonObject t)
            {
                continue;
            }

            var chosen = t["chosen"]?.GetValue<string>();
            var baseline = t["baseline"]?.GetValue<string>();
            JsonNode? chosenMetrics = null, baselineMetrics = null;
            foreach (var candidate in t["candidates"] as JsonArray ?? [])
            {
                var name = candidate?["name"]?.GetValue<string>();
                if (name == chosen)
                {
                    chosenMetrics = candidate?["out_of_time"]?.DeepClone();
                }
                else if (name == baseline)
                {
                    baselineMetrics = candidate?["out_of_time"]?.DeepClone();
                }
            }

            var features = new JsonArray();
            if (models.TryGetValue(task, out var model))
            {
                foreach (var spec in model.Schema.Features)
                {
                    features.Add(spec.Name);
                }
            }

            var binary = t["kind"]?.GetValue<string>() == "binary";
            cards.Add(new JsonObject
            {
                ["task"] = task,
                ["kind"] = t["kind"]?.DeepClone(),
                ["chosen"] = chosen,
                ["version"] = versions.TryGetValue(task, out var v) ? v : null,
                ["trained_as_of"] = trainedAsOf,
                ["primary_metric"] = t["primary_metric"]?.DeepClone(),
                ["positive_rate"] = t["positive_rate"]?.DeepClone(),
                ["out_of_time"] = chosenMetrics,
                ["baseline"] = new JsonObject { ["name"] = baseline, ["out_of_time"] = baselineMetrics },
                ["features"] = features,
                ["threshold"] = binary ? chosenMetrics?["threshold"]?.DeepClone() ?? 0.5 : null,
            });
        }

        return cards;
    }

    private static double PositiveRate(JsonArray cards, string task)
    {
        foreach (var card in cards)
        {
            if (card?["task"]?.GetValue<string>() == task && card["positive_rate"] is JsonValue rate && rate.TryGetValue<double>(out var value))
            {
                return value;
            }
        }

        return 0.5;
    }

    private static Dictionary<string, JsonArray> ReadKpis(string folder)
    {
        var kpis = new Dictionary<string, JsonArray>(StringComparer.Ordinal);
        if (!Directory.Exists(folder))
        {
            return kpis;
        }

        foreach (var file in Directory.GetFiles(folder, "*.csv"))
        {
            using var table = RunTable.ReadCsv(file, _ => false);
            var names = table.Columns;
            var cells = new string?[names.Count][];
            var numeric = new bool[names.Count];
            for (var j = 0; j < names.Count; j++)
            {
                cells[j] = table.Texts(names[j]);
                numeric[j] = !names[j].EndsWith("_id", StringComparison.Ordinal) && AllNumbers(cells[j]);
            }

            var rows = new JsonArray();
            for (var i = 0; i < table.RowCount; i++)
            {
                var row = new JsonObject();
                for (var j = 0; j < names.Count; j++)
                {
                    var text = cells[j][i];
                    row[names[j]] = string.IsNullOrEmpty(text) ? null
                        : numeric[j] ? JsonValue.Create(double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture)) : JsonValue.Create(text);
                }

                rows.Add(row);
            }

            kpis[Path.GetFileNameWithoutExtension(file)] = rows;
        }

        return kpis;
    }

    private static bool AllNumbers(string?[] cells)
    {
        foreach (var cell in cells)
        {
            if (!string.IsNullOrEmpty(cell) && !double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out _))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Whether a model file holds a learned model; the lifetime scorers (BG/NBD, Gamma-Gamma) are versioned
    /// but not used for what-if scoring.</summary>
    private static bool IsLearnedModel(byte[] bytes)
    {
        var reader = new Utf8JsonReader(bytes);
        return reader.Read() && reader.TokenType == JsonTokenType.StartObject
            && reader.Read() && reader.TokenType == JsonTokenType.PropertyName && reader.ValueTextEquals("format")
            && reader.Read() && reader.TokenType == JsonTokenType.String && reader.ValueTextEquals(ModelSerializer.FormatName);
    }

    private static void AppendFileStamp(IncrementalHash hash, string path)
    {
        var info = new FileInfo(path);
        hash.AppendData(BitConverter.GetBytes(info.Length));
        hash.AppendData(BitConverter.GetBytes(info.LastWriteTimeUtc.Ticks));
    }

    /// <summary>A horizon of run.json in days; 90 (the run's default) when absent.</summary>
    private static int Days(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var days) && days > 0 ? days : 90;

    private static string? Text(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
