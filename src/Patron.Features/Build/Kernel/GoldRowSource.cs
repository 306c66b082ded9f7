using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using Patron.DuckDb;
using Patron.Features.Registry;
using Patron.Features.Segments;

namespace Patron.Features.Build.Kernel;

/// <summary>
/// The rows of <c>gold.customer_features</c> for one cutoff as DuckDB reads them (<see cref="DuckDbRowSource"/>): each
/// batch is one block of the <see cref="FeatureSpill"/>, completed with the population-wide columns (RFM scores, cell and
/// segment; next category) from the <see cref="Population"/>. DuckDB reads the blocks with all its threads, so the one
/// insert into gold is as parallel as DuckDB's own.
/// </summary>
internal sealed class GoldRowSource : DuckDbRowSource
{
    private const double Million = 1_000_000.0;

    [ThreadStatic]
    private static byte[]? _buffer;

    private readonly FeatureSpill _spill;
    private readonly Population _population;
    private readonly RfmScores _rfm;
    private readonly CoPurchase _coPurchase;
    private readonly int _cutoffDay;
    private readonly Source[] _fill;
    private readonly TextCodes?[] _texts;
    private readonly TextCodes _categories;
    private readonly byte[][] _cells = new byte[126][];
    private readonly byte[][] _segments = new byte[36][];

    public GoldRowSource(FeatureSpill spill, Population population, RfmScores rfm, CoPurchase coPurchase, DateOnly cutoff,
        TextCodes categories, SideStream side)
        : base(Schema())
    {
        _spill = spill;
        _population = population;
        _rfm = rfm;
        _coPurchase = coPurchase;
        _categories = categories;
        _cutoffDay = cutoff.DayNumber - DateOnly.FromDateTime(DateTime.UnixEpoch).DayNumber;
        var features = FeatureRegistry.All;
        _fill = new Source[features.Count];
        _texts = new TextCodes?[features.Count];
        for (var f = 0; f < features.Count; f++)
        {
            var feature = features[f];
            _fill[f] = feature.Name switch
            {
                "rfm_recency_days" => Source.Recency,
                "rfm_frequency" => Source.Frequency,
                "rfm_monetary" => Source.Monetary,
                "r_score" => Source.RScore,
                "f_score" => Source.FScore,
                "m_score" => Source.MScore,
                "fm_score" => Source.FmScore,
                "rfm_cell" => Source.Cell,
                "rfm_segment" => Source.Segment,
                "next_category" => Source.NextCategory,
                "next_category_probability" => Source.NextProbability,
                _ when IsPopulationWide(feature) => throw new InvalidOperationException(
                    $"The population-wide feature '{feature.Name}' has no fill in {nameof(GoldRowSource)}."),
                _ => Source.Kernel,
            };
            _texts[f] = feature.Name switch
            {
                "favourite_category" => categories,
                "age_band" => side.AgeBands,
                "country" => side.Countries,
                "acquisition_channel" => side.Channels,
                "email_domain_class" => side.EmailClasses,
                _ when feature.Type == FeatureType.Category && _fill[f] == Source.Kernel => throw new InvalidOperationException(
                    $"The text feature '{feature.Name}' has no value table in {nameof(GoldRowSource)}."),
                _ => null,
            };
        }

        for (var r = 1; r <= 5; r++)
        {
            for (var f = 1; f <= 5; f++)
            {
                for (var m = 1; m <= 5; m++)
                {
                    _cells[Cell(r, f, m)] = Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{r}{f}{m}"));
                }

                _segments[(r * 6) + f] = Encoding.UTF8.GetBytes(RfmSegments.ClassifyFm(r, f));
            }
        }
    }

    private enum Source
    {
        Kernel,
        Recency,
        Frequency,
        Monetary,
        RScore,
        FScore,
        MScore,
        FmScore,
        Cell,
        Segment,
        NextCategory,
        NextProbability,
    }

    public override int Batches => _spill.Blocks;

    public override long Rows => _population.Count;

    public override int Fill(int batch, DuckDbOutputChunk output)
    {
        if (output.Capacity < FeatureBlock.Capacity)
        {
            throw new InvalidOperationException($"DuckDB's chunks hold {output.Capacity} rows; the feature blocks need {FeatureBlock.Capacity}.");
        }

        var buffer = _buffer is { } b && b.Length >= _spill.LargestBlock ? b : _buffer = new byte[_spill.LargestBlock];
        var block = new StoredBlock(_spill.Read(batch, buffer));
        var rows = block.Rows;
        var first = batch * FeatureBlock.Capacity;
        for (var r = 0; r < rows; r++)
        {
            output.SetString(0, r, block.Id(r));
        }

        output.Int32s(1)[..rows].Fill(_cutoffDay);
        var features = FeatureRegistry.All;
        for (var f = 0; f < features.Count; f++)
        {
            var column = f + 2;
            if (_fill[f] != Source.Kernel)
            {
                FillPopulation(_fill[f], column, first, rows, output);
                continue;
            }

            var values = block.Values(f);
            var validity = block.Validity(f);
            switch (features[f].Type)
            {
                case FeatureType.Integer:
                    values.CopyTo(output.Int64s(column));
                    break;
                case FeatureType.Real:
                    MemoryMarshal.Cast<long, double>(values).CopyTo(output.Doubles(column));
                    break;
                default:
                    var texts = _texts[f]!;
                    for (var r = 0; r < rows; r++)
                    {
                        if (((validity[r >> 6] >> (r & 63)) & 1) != 0)
                        {
                            output.SetString(column, r, texts.Utf8((int)values[r]));
                        }
                    }

                    break;
            }

            CopyValidity(validity, rows, column, output);
        }

        return rows;
    }

    private static bool IsPopulationWide(FeatureDefinition feature)
    {
        foreach (var group in FeatureRegistry.Groups)
        {
            if (string.Equals(group.Name, feature.Group, StringComparison.Ordinal))
            {
                return group.PopulationWide;
            }
        }

        return false;
    }

    private static int Cell(int r, int f, int m) => (r * 25) + (f * 5) + m - 30;

    private static void CopyValidity(ReadOnlySpan<ulong> validity, int rows, int column, DuckDbOutputChunk output)
    {
        var words = (rows + 63) / 64;
        var all = true;
        for (var w = 0; w < words && all; w++)
        {
            var mask = w == words - 1 && rows % 64 != 0 ? (1UL << (rows % 64)) - 1 : ulong.MaxValue;
            all = (validity[w] & mask) == mask;
        }

        if (!all)
        {
            validity[..words].CopyTo(output.Validity(column));
        }
    }

    private void FillPopulation(Source fill, int column, int first, int rows, DuckDbOutputChunk output)
    {
        var p = _population;
        var rfm = _rfm;
        switch (fill)
        {
            case Source.Recency:
                p.Recency.AsSpan(first, rows).CopyTo(output.Int64s(column));
                break;
            case Source.Frequency:
                p.Frequency.AsSpan(first, rows).CopyTo(output.Int64s(column));
                break;
            case Source.Monetary:
                var money = output.Doubles(column);
                for (var r = 0; r < rows; r++)
                {
                    money[r] = p.Monetary[first + r] / Million;
                }

                break;
            case Source.RScore:
            case Source.FScore:
            case Source.MScore:
            case Source.FmScore:
                var scores = output.Int64s(column);
                for (var r = 0; r < rows; r++)
                {
                    var i = first + r;
                    scores[r] = fill switch
                    {
                        Source.RScore => rfm.R[i],
                        Source.FScore => rfm.F[i],
                        Source.MScore => rfm.M[i],
                        _ => RfmSegments.FmScore(rfm.F[i], rfm.M[i]),
                    };
                }

                break;
            case Source.Cell:
                for (var r = 0; r < rows; r++)
                {
                    var i = first + r;
                    output.SetString(column, r, _cells[Cell(rfm.R[i], rfm.F[i], rfm.M[i])]);
                }

                break;
            case Source.Segment:
                for (var r = 0; r < rows; r++)
                {
                    var i = first + r;
                    output.SetString(column, r, _segments[(rfm.R[i] * 6) + RfmSegments.FmScore(rfm.F[i], rfm.M[i])]);
                }

                break;
            default:
                var probabilities = fill == Source.NextProbability ? output.Doubles(column) : default;
                for (var r = 0; r < rows; r++)
                {
                    var basket = p.Basket[first + r];
                    var next = basket >= 0 ? _coPurchase.NextCategory[basket] : -1;
                    if (next < 0)
                    {
                        output.SetNull(column, r);
                    }
                    else if (fill == Source.NextCategory)
                    {
                        output.SetString(column, r, _categories.Utf8(next));
                    }
                    else
                    {
                        probabilities[r] = _coPurchase.NextProbability[basket];
                    }
                }

                break;
        }
    }

    private static DuckDbSourceColumn[] Schema()
    {
        var features = FeatureRegistry.All;
        var columns = new DuckDbSourceColumn[features.Count + 2];
        columns[0] = new("customer_id", DuckDbType.Varchar);
        columns[1] = new("cutoff", DuckDbType.Date);
        for (var f = 0; f < features.Count; f++)
        {
            columns[f + 2] = new(features[f].Name, features[f].Type switch
            {
                FeatureType.Integer => DuckDbType.BigInt,
                FeatureType.Real => DuckDbType.Double,
                _ => DuckDbType.Varchar,
            });
        }

        return columns;
    }
}

/// <summary>Every customer of the cutoff with its purchases (<c>fx_population</c>, which <c>labels.sql</c> reads).</summary>
internal sealed class PopulationRowSource(Population population)
    : DuckDbRowSource([new("customer_id", DuckDbType.Varchar), new("orders", DuckDbType.BigInt)])
{
    public override int Batches => (population.Count + FeatureBlock.Capacity - 1) / FeatureBlock.Capacity;

    public override long Rows => population.Count;

    public override int Fill(int batch, DuckDbOutputChunk output)
    {
        var first = batch * FeatureBlock.Capacity;
        var rows = Math.Min(FeatureBlock.Capacity, population.Count - first);
        for (var r = 0; r < rows; r++)
        {
            output.SetString(0, r, population.Id(first + r));
        }

        population.Frequency.AsSpan(first, rows).CopyTo(output.Int64s(1));
        return rows;
    }
}
