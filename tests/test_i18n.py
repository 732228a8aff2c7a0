import pytest
from django.urls import reverse


@pytest.mark.django_db
def test_interface_speaks_dutch_by_default_and_english_on_request(world):
    client = world.client("officer")
    dutch = client.get(reverse("effects:framework-list")).content.decode()
    assert 'lang="nl"' in dutch
    assert "Beleidskaders" in dutch
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    english = client.get(reverse("effects:framework-list")).content.decode()
    assert 'lang="en"' in english
    assert "Policy frameworks" in english
