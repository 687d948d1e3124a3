def test_home_renders(client, home):
    response = client.get("/zh-hant/")
    assert response.status_code == 200
    assert "首頁" in response.content.decode()
