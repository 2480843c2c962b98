window.YTD.profile.part0 = [
  {
    "profile" : {
      "description" : {
        "bio" : "Home workshop projects, one slow weekend at a time: bread, bikes, kites, shelves and whatever the garden needs. Notes and plans at example.org.",
        "website" : "",
        "location" : ""
      },
      "avatarMediaUrl" : "https://pbs.twimg.com/profile_images/1500000001/wren_400x400.jpg",
      "headerMediaUrl" : "https://pbs.twimg.com/profile_banners/1500000001/1388570400"
    }
  }
]