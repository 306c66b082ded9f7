using Patron.Features.Rules;
using Patron.Pipeline.Tests.Support;
using Patron.Warehouse;

namespace Patron.Pipeline.Tests.Output;

/// <summary>The predictions' next products streamed into the customers' row order equal the by-customer read.</summary>
public sealed class NextProductsPlacedTests(DemoRunFixture fixture) : IClassFixture<DemoRunFixture>
{
    [Fact]
    public void ReadFor_IdsReorderedAndUnknown_SameSuggestionsAsTheDictionary()
    {
        using var connection = WarehouseFile.Open(fixture.Options.WarehousePath, readOnly: true);
        var cutoff = fixture.Summary.ScoringCutoff;
        var byCustomer = NextProducts.Read(connection, cutoff);

        // More customers than one DuckDB chunk of rows (2,048), so the stream crosses chunks, some in the middle of a customer.
        Assert.True(byCustomer.Count > 1_000, $"{byCustomer.Count} customers with suggestions");
        var ids = byCustomer.Keys.Order(StringComparer.Ordinal).Reverse().Append("no-such-customer").ToArray();

        var placed = NextProducts.ReadFor(connection, cutoff, ids);

        Assert.Equal(ids.Length, placed.Length);
        for (var i = 0; i < ids.Length - 1; i++)
        {
            Assert.Equal(byCustomer[ids[i]], placed[i]);
        }

        Assert.Empty(placed[^1]);
    }
}
