using Patron.Learning.Explain;
using Patron.Learning.Trees;

namespace Patron.Learning.Tests.Explain;

/// <summary>A part's patterns against the tree's own directions, cell by cell, for categorical splits whose direction
/// is read from a table by code and for one whose set is too wide for it.</summary>
public sealed class TreeShapPartTests
{
    // Codes at and beyond the ends of each set, fractions, signed zero, NaN and the extremes of float.
    private static readonly float[] Edges =
    [
        float.NaN, float.NegativeInfinity, float.MinValue, -1e9f, -1f, -0.5f, -0f, 0f, 0.5f, 1f, 1.999f, 2f, 2.5f, 31f,
        32f, 33f, 62.9f, 63f, 63.5f, 64f, 65f, 70f, 95f, 96f, 1e9f, float.MaxValue, float.PositiveInfinity,
    ];

    [Fact]
    public void Patterns_CategoricalSplitsAtEdgeValues_SameDirectionsAsGoesLeft()
    {
        var tree = ThreeCategoricalSplits();
        var n = Edges.Length;
        var columns = new float[3][];
        for (var j = 0; j < columns.Length; j++)
        {
            columns[j] = new float[(n * n) + 5];
        }

        for (var i = 0; i < n * n; i++)
        {
            columns[0][i + 5] = Edges[i % n];
            columns[1][i + 5] = Edges[i / n];
            columns[2][i + 5] = Edges[((i * 7) + 3) % n];
        }

        var part = new TreeShapPart(tree, [0]);
        var patterns = new int[n * n];
        part.Patterns(columns, 5, patterns);

        for (var i = 0; i < patterns.Length; i++)
        {
            var expected = 0;
            for (var b = 0; b < part.Nodes.Length; b++)
            {
                var node = part.Nodes[b];
                expected |= tree.GoesLeft(node, columns[tree.Feature[node]][i + 5]) ? 1 << b : 0;
            }

            Assert.True(expected == patterns[i], $"row {i}: {columns[0][i + 5]}, {columns[1][i + 5]}, {columns[2][i + 5]}");
        }

        // Both directions occur at every node, so the check above is not trivially met.
        for (var b = 0; b < part.Nodes.Length; b++)
        {
            Assert.Contains(patterns, p => (p & (1 << b)) != 0);
            Assert.Contains(patterns, p => (p & (1 << b)) == 0);
        }
    }

    // Root: feature 0 over two words (codes 1 and 33 go left, 0 and 63 right, the default left); its left child: feature 1
    // over one word (codes 0, 2 and 31 go left, the default right); its right child: feature 2 over three words, wider
    // than the table (codes 1 and 70). NaN, whose integer conversion is 0, thus goes the other way than code 0 at the
    // tabulated nodes, and the first code past each set the other way than its last.
    private static DecisionTree ThreeCategoricalSplits() => new(
        feature: [0, 1, 2, -1, -1, -1, -1],
        threshold: new float[7],
        defaultLeft: [true, false, false, false, false, false, false],
        left: [1, 3, 5, -1, -1, -1, -1],
        right: [2, 4, 6, -1, -1, -1, -1],
        value: [0, 0, 0, 0.5, -0.25, 0.125, -1],
        cover: [100, 60, 40, 35, 25, 10, 30],
        gain: [3, 2, 1, 0, 0, 0, 0],
        categoryOffset: [0, 2, 3, -1, -1, -1, -1],
        categoryWords: [2, 1, 3, 0, 0, 0, 0],
        categoryBits: [2u, 2u, 0x8000_0005u, 2u, 0u, 64u]);
}
