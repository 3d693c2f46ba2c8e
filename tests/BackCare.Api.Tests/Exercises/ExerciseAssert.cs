using System.Text.Json.Nodes;

namespace BackCare.Api.Tests.Exercises;

public static class ExerciseAssert
{
    /// <summary>The exercise carries the id, name, region, movement, equipment, hold and sides of its table row, and at least three steps.</summary>
    public static void MatchesRow(CatalogueRow row, JsonObject exercise)
    {
        Assert.Equal(row.Id, exercise["id"]!.GetValue<string>());
        Assert.Equal(row.Name, exercise["name"]!.GetValue<string>());
        Assert.Equal(row.Region, exercise["region"]!.GetValue<string>());
        Assert.Equal(row.Movement, exercise["movement"]!.GetValue<string>());

        var equipment = exercise["equipment"]!.GetValue<string>();
        Assert.All(row.EquipmentMentions, mention => Assert.Contains(mention, equipment, StringComparison.OrdinalIgnoreCase));

        if (row.HoldMinSeconds is null)
        {
            Assert.Null(exercise["hold"]);
        }
        else
        {
            var hold = exercise["hold"]!.AsObject();
            Assert.Equal(row.HoldMinSeconds, hold["minSeconds"]!.GetValue<int>());
            Assert.Equal(row.HoldMaxSeconds, hold["maxSeconds"]!.GetValue<int>());
        }

        Assert.Equal(row.RepeatOnEachSide, exercise["repeatOnEachSide"]!.GetValue<bool>());
        Assert.True(exercise["steps"]!.AsArray().Count >= 3, $"{row.Id} has fewer than three steps.");
        Assert.False(string.IsNullOrWhiteSpace(exercise["purpose"]!.GetValue<string>()));
        Assert.NotEmpty(exercise["cautions"]!.AsArray());
    }
}
