import time, pytest
@pytest.mark.django_db
def test_x(): pass
def test_y(world): pass
