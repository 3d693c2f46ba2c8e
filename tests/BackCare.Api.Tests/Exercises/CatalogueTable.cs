namespace BackCare.Api.Tests.Exercises;

/// <summary>One row of the exercise table in spec section 3; a null hold or a false repeat is the table's "—".</summary>
public sealed record CatalogueRow(
    string Id,
    string Name,
    string Region,
    string Movement,
    string[] EquipmentMentions,
    int? HoldMinSeconds,
    int? HoldMaxSeconds,
    bool RepeatOnEachSide);

public static class CatalogueTable
{
    public static readonly IReadOnlyList<CatalogueRow> Rows =
    [
        new("supine-lumbar-rotation", "Supine lumbar rotation (\"corkscrew\")", "lumbar", "rotation", ["floor"], 15, 30, true),
        new("thoracic-extension-foam-roller", "Thoracic extension over a foam roller", "thoracic", "extension", ["foam roller", "tightly rolled towel"], null, null, false),
        new("seated-thoracic-twist", "Seated thoracic twist", "thoracic", "rotation", ["sturdy chair"], 10, 15, true),
        new("double-knee-to-chest", "Double knee-to-chest stretch", "lumbar", "flexion", ["comfortable surface"], 30, 30, false),
    ];

    public static IEnumerable<string> Ids => Rows.Select(r => r.Id);

    public static CatalogueRow Row(string id) => Rows.Single(r => r.Id == id);

    public static TheoryData<string> EveryId => new(Ids);
}
