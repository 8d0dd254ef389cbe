namespace CudaImages.Tests;

public class TestSelectionTests
{
    [Theory]
    [InlineData("unit", "Category!=Integration")]
    [InlineData("Unit", "Category!=Integration")]
    [InlineData("integration", "Category=Integration")]
    [InlineData("FullyQualifiedName~Planning", "FullyQualifiedName~Planning")]
    public void Test_filter_words_select_by_the_integration_trait_and_anything_else_passes_through(string given, string filter) =>
        TestSelection.Filter(given).ShouldBe(filter);
}
