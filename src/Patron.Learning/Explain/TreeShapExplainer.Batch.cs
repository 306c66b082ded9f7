using System.Buffers;
using Patron.Learning.Data;

namespace Patron.Learning.Explain;

internal sealed partial class TreeShapExplainer
{
    // Rows whose contributions are staged together before they are copied out: bounds the scratch whatever the caller's
    // block size.
    private const int SubBlockRows = 4_096;

    // Rows per work item: one tree's tables stay in cache while its patterns are looked up for these rows.
    private const int RowChunk = 512;

    /// <summary>Contributions of rows <paramref name="start"/> to <paramref name="start"/> + <paramref name="count"/> − 1,
    /// row-major; see <see cref="IExplainable.Contributions(FeatureMatrix, int, int, Span{double}, int)"/>.</summary>
    /// <remarks>In parallel over chunks of rows; inside a chunk tree by tree: a tabulated tree computes each part's
    /// pattern for the chunk's rows column by column and adds the table entries, any other tree is computed row by row.
    /// Each row receives its trees in tree order.</remarks>
    public void Contributions(FeatureMatrix x, int start, int count, Span<double> phi, int maxDegreeOfParallelism)
    {
        Check(x);
        var width = ContributionBlock.Check(x, start, count, phi.Length);

        if (count == 0)
        {
            return;
        }

        var options = new ParallelOptions { MaxDegreeOfParallelism = maxDegreeOfParallelism };
        var tables = Tables(options);
        var columns = x.ColumnArrays;
        var rows = Math.Min(count, SubBlockRows);
        var output = ArrayPool<double>.Shared.Rent(rows * width);
        try
        {
            for (var done = 0; done < count; done += rows)
            {
                var first = start + done;
                var n = Math.Min(rows, count - done);
                Parallel.For(0, (n + RowChunk - 1) / RowChunk, options, () => new Scratch(this), (chunk, _, scratch) =>
                {
                    var from = chunk * RowChunk;
                    ExplainChunk(columns, tables, first + from, Math.Min(RowChunk, n - from), output.AsSpan(from * width), width, scratch);
                    return scratch;
                }, _ => { });

                output.AsSpan(0, n * width).CopyTo(phi.Slice(done * width, n * width));
            }
        }
        finally
        {
            ArrayPool<double>.Shared.Return(output);
        }
    }

    private void ExplainChunk(float[][] columns, double[][]?[] tables, int first, int n, Span<double> output, int width, Scratch scratch)
    {
        output[..(n * width)].Clear();
        var patterns = scratch.Patterns.AsSpan(0, n);
        for (var t = 0; t < _layouts.Length; t++)
        {
            var layout = _layouts[t];
            if (tables[t] is { } partTables)
            {
                for (var p = 0; p < layout.Parts.Length; p++)
                {
                    var part = layout.Parts[p];
                    var table = partTables[p];
                    var features = part.Features;
                    var slots = features.Length;
                    part.Patterns(columns, first, patterns);
                    for (var i = 0; i < n; i++)
                    {
                        var entry = table.AsSpan(patterns[i] * slots, slots);
                        var row = output.Slice(i * width, width);
                        for (var k = 0; k < entry.Length; k++)
                        {
                            row[features[k]] += entry[k];
                        }
                    }
                }

                continue;
            }

            for (var i = 0; i < n; i++)
            {
                layout.Route(columns, first + i, scratch.GoesLeft);
                foreach (var part in layout.Parts)
                {
                    AddPart(part, scratch.GoesLeft, scratch.Slots, scratch.Path, output.Slice(i * width, width));
                }
            }
        }

        for (var i = 0; i < n; i++)
        {
            output[(i * width) + width - 1] = _expected;
        }
    }

    // The tables of every tabulated tree, built by the first batch call (in parallel over trees; each table depends only
    // on its tree, so the threads change nothing).
    private double[][]?[] Tables(ParallelOptions options)
    {
        var tables = Volatile.Read(ref _tables);
        if (tables is not null)
        {
            return tables;
        }

        lock (_gate)
        {
            if (_tables is null)
            {
                var built = new double[][]?[_layouts.Length];
                Parallel.For(0, _layouts.Length, options, () => new Scratch(this), (t, _, scratch) =>
                {
                    var layout = _layouts[t];
                    if (layout.Tabulated)
                    {
                        var parts = new double[layout.Parts.Length][];
                        for (var p = 0; p < parts.Length; p++)
                        {
                            parts[p] = layout.Parts[p].Tabulate(_scale, scratch.GoesLeft, scratch.Path);
                        }

                        built[t] = parts;
                    }

                    return scratch;
                }, _ => { });
                Volatile.Write(ref _tables, built);
            }

            return _tables;
        }
    }

    /// <summary>One worker's buffers.</summary>
    private sealed class Scratch(TreeShapExplainer owner)
    {
        public int[] Patterns { get; } = new int[RowChunk];

        public bool[] GoesLeft { get; } = new bool[owner._maxNodes];

        public TreeShap.PathElement[] Path { get; } = new TreeShap.PathElement[owner._maxPath];

        public double[] Slots { get; } = new double[owner._maxSlots];
    }
}
