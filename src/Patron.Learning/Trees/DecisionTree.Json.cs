using System.Text.Json;
using Patron.Learning.Serialization;

namespace Patron.Learning.Trees;

/// <summary>JSON form of a tree: one array per node attribute, in a fixed order.</summary>
public sealed partial class DecisionTree
{
    internal void Write(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        ModelJson.WriteArray(writer, "feature", Feature);
        ModelJson.WriteArray(writer, "threshold", Threshold);
        writer.WriteStartArray("default_left");
        foreach (var d in DefaultLeft)
        {
            writer.WriteNumberValue(d ? 1 : 0);
        }

        writer.WriteEndArray();
        ModelJson.WriteArray(writer, "left", Left);
        ModelJson.WriteArray(writer, "right", Right);
        ModelJson.WriteArray(writer, "value", Value);
        ModelJson.WriteArray(writer, "cover", Cover);
        ModelJson.WriteArray(writer, "gain", Gain);
        ModelJson.WriteArray(writer, "category_offset", CategoryOffset);
        ModelJson.WriteArray(writer, "category_words", CategoryWords);
        writer.WriteStartArray("category_bits");
        foreach (var word in CategoryBits)
        {
            writer.WriteNumberValue(word);
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    internal static DecisionTree Read(JsonElement element, int featureCount)
    {
        var feature = ModelJson.ReadInt32Array(ModelJson.Required(element, "feature"));
        var threshold = ModelJson.ReadSingleArray(ModelJson.Required(element, "threshold"));
        var defaultLeftInts = ModelJson.ReadInt32Array(ModelJson.Required(element, "default_left"));
        var left = ModelJson.ReadInt32Array(ModelJson.Required(element, "left"));
        var right = ModelJson.ReadInt32Array(ModelJson.Required(element, "right"));
        var value = ModelJson.ReadDoubleArray(ModelJson.Required(element, "value"));
        var cover = ModelJson.ReadDoubleArray(ModelJson.Required(element, "cover"));
        var gain = ModelJson.ReadDoubleArray(ModelJson.Required(element, "gain"));
        var categoryOffset = ModelJson.ReadInt32Array(ModelJson.Required(element, "category_offset"));
        var categoryWords = ModelJson.ReadInt32Array(ModelJson.Required(element, "category_words"));
        var bitsElement = ModelJson.Required(element, "category_bits");
        var bits = new uint[bitsElement.GetArrayLength()];
        var k = 0;
        foreach (var item in bitsElement.EnumerateArray())
        {
            bits[k++] = item.GetUInt32();
        }

        var n = feature.Length;
        if (n == 0 || threshold.Length != n || defaultLeftInts.Length != n || left.Length != n || right.Length != n
            || value.Length != n || cover.Length != n || gain.Length != n || categoryOffset.Length != n || categoryWords.Length != n)
        {
            throw new InvalidDataException("Model file: a tree's node arrays are empty or of different lengths.");
        }

        var defaultLeft = new bool[n];
        for (var i = 0; i < n; i++)
        {
            defaultLeft[i] = defaultLeftInts[i] != 0;
            if (feature[i] >= featureCount
                || (feature[i] >= 0 && (left[i] <= i || right[i] <= i || left[i] >= n || right[i] >= n))
                || (categoryOffset[i] >= 0 && categoryOffset[i] + categoryWords[i] > bits.Length))
            {
                throw new InvalidDataException($"Model file: tree node {i} refers to a missing feature, child or category set.");
            }
        }

        return new DecisionTree(feature, threshold, defaultLeft, left, right, value, cover, gain, categoryOffset, categoryWords, bits);
    }
}
