window.YTD.tweets.part0 = [
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "1992259274144411648"
          ],
          "editableUntil" : "2025-11-22T16:50:00.000Z",
          "editsRemaining" : "5",
          "isEditEligible" : true
        }
      },
      "retweeted" : false,
      "source" : "<a href=\"http://twitter.com/download/iphone\" rel=\"nofollow\">Twitter for iPhone</a>",
      "entities" : {
        "hashtags" : [ ],
        "symbols" : [ ],
        "user_mentions" : [ ],
        "urls" : [ ]
      },
      "display_text_range" : [
        "0",
        "84"
      ],
      "favorite_count" : "4",
      "id_str" : "1992259274144411648",
      "truncated" : false,
      "retweet_count" : "0",
      "id" : "1992259274144411648",
      "created_at" : "Sat Nov 22 15:50:00 +0000 2025",
      "favorited" : false,
      "full_text" : "Started a winter project: restoring an old wooden sledge. Before pictures to follow.",
      "lang" : "en"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "1979510267706494976"
          ],
          "editableUntil" : "2025-10-18T12:30:00.000Z",
          "editsRemaining" : "5",
          "isEditEligible" : true
        }
      },
      "retweeted" : false,
      "source" : "<a href=\"http://twitter.com/download/android\" rel=\"nofollow\">Twitter for Android</a>",
      "entities" : {
        "hashtags" : [ ],
        "symbols" : [ ],
        "user_mentions" : [ ],
        "urls" : [ ]
      },
      "display_text_range" : [
        "0",
        "83"
      ],
      "favorite_count" : "0",
      "id_str" : "1979510267706494976",
      "truncated" : false,
      "retweet_count" : "0",
      "id" : "1979510267706494976",
      "created_at" : "Sat Oct 18 11:30:00 +0000 2025",
      "favorited" : false,
      "full_text" : "First frost on the allotment this morning. The last tomatoes came indoors to ripen.",
      "lang" : "en"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "1969404931077869568"
          ],
          "editableUntil" : "2025-09-20T15:15:00.000Z",
          "editsRemaining" : "5",
          "isEditEligible" : true
        }
      },
      "retweeted" : false,
      "source" : "<a href=\"http://twitter.com/download/iphone\" rel=\"nofollow\">Twitter for iPhone</a>",
      "entities" : {
        "hashtags" : [
          {
            "text" : "hiking",
            "indices" : [
              "60",
              "67"
            ]
          }
        ],
        "symbols" : [ ],
        "user_mentions" : [ ],
        "urls" : [
          {
            "url" : "https://t.co/ZyEQsdJuUE",
            "expanded_url" : "https://example.org/notes/day-hike-kit",
            "display_url" : "example.org/notes/day-hike…",
            "indices" : [
              "36",
              "59"
            ]
          }
        ]
      },
      "display_text_range" : [
        "0",
        "67"
      ],
      "favorite_count" : "2",
      "id_str" : "1969404931077869568",
      "truncated" : false,
      "retweet_count" : "2",
      "id" : "1969404931077869568",
      "possibly_sensitive" : false,
      "created_at" : "Sat Sep 20 14:15:00 +0000 2025",
      "favorited" : false,
      "full_text" : "Wrote up my kit list for day hikes: https://t.co/ZyEQsdJuUE #hiking",
      "lang" : "en"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "1961917343465132032"
          ],
          "editableUntil" : "2025-08-30T23:22:00.000Z",
          "editsRemaining" : "5",
          "isEditEligible" : false
        }
      },
      "retweeted" : false,
      "source" : "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>",
      "entities" : {
        "hashtags" : [ ],
        "symbols" : [ ],
        "user_mentions" : [ ],
        "urls" : [
          {
            "url" : "https://t.co/6nyEUeh6Rp",
            "expanded_url" : "https://example.org/astro/observing-plan",
            "display_url" : "example.org/astro/observin…",
            "indices" : [
              "42",
              "65"
            ]
          }
        ]
      },
      "display_text_range" : [
        "0",
        "65"
      ],
      "favorite_count" : "11",
      "in_reply_to_status_id_str" : "1961916336830447616",
      "id_str" : "1961917343465132032",
      "in_reply_to_user_id" : "1500000001",
      "truncated" : false,
      "retweet_count" : "0",
      "id" : "1961917343465132032",
      "in_reply_to_status_id" : "1961916336830447616",
      "possibly_sensitive" : false,
      "created_at" : "Sat Aug 30 22:22:00 +0000 2025",
      "favorited" : false,
      "full_text" : "Planning sheet I use for dark-sky nights: https://t.co/6nyEUeh6Rp",
      "lang" : "en",
      "in_reply_to_screen_name" : "wren_makes",
      "in_reply_to_user_id_str" : "1500000001"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "1961916336830447616"
          ],
          "editableUntil" : "2025-08-30T23:18:00.000Z",
          "editsRemaining" : "5",
          "isEditEligible" : false
        }
      },
      "retweeted" : false,
      "source" : "<a href=\"http://twitter.com/download/android\" rel=\"nofollow\">Twitter for Android</a>",
      "entities" : {
        "hashtags" : [ ],
        "symbols" : [ ],
        "user_mentions" : [ ],
        "urls" : [ ]
      },
      "display_text_range" : [
        "0",
        "109"
      ],
      "favorite_count" : "0",
      "in_reply_to_status_id_str" : "1961915330199195648",
      "id_str" : "1961916336830447616",
      "in_reply_to_user_id" : "1500000001",
      "truncated" : false,
      "retweet_count" : "0",
      "id" : "1961916336830447616",
      "in_reply_to_status_id" : "1961915330199195648",
      "created_at" : "Sat Aug 30 22:18:00 +0000 2025",
      "favorited" : false,
      "full_text" : "Then the Andromeda galaxy, a faint smudge that is 2.5 million light years away. Still can't quite believe it.",
      "lang" : "en",
      "in_reply_to_screen_name" : "wren_makes",
      "in_reply_to_user_id_str" : "1500000001"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "1961915330199195648"
          ],
          "editableUntil" : "2025-08-30T23:14:00.000Z",
          "editsRemaining" : "5",
          "isEditEligible" : false
        }
      },
      "retweeted" : false,
      "source" : "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>",
      "entities" : {
        "hashtags" : [ ],
        "symbols" : [ ],
        "user_mentions" : [ ],
        "urls" : [ ]
      },
      "display_text_range" : [
        "0",
        "71"
      ],
      "favorite_count" : "8",
      "in_reply_to_status_id_str" : "1961914323565068288",
      "id_str" : "1961915330199195648",
      "in_reply_to_user_id" : "1500000001",
      "truncated" : false,
      "retweet_count" : "1",
      "id" : "1961915330199195648",
      "in_reply_to_status_id" : "1961914323565068288",
      "created_at" : "Sat Aug 30 22:14:00 +0000 2025",
      "favorited" : false,
      "full_text" : "Saturn was low but unmistakable: rings tilted almost edge-on this year.",
      "lang" : "en",
      "in_reply_to_screen_name" : "wren_makes",
      "in_reply_to_user_id_str" : "1500000001"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "1961914323565068288"
          ],
          "editableUntil" : "2025-08-30T23:10:00.000Z",
          "editsRemaining" : "5",
          "isEditEligible" : true
        }
      },
      "retweeted" : false,
      "source" : "<a href=\"http://twitter.com/download/iphone\" rel=\"nofollow\">Twitter for iPhone</a>",
      "entities" : {
        "hashtags" : [
          {
            "text" : "stargazing",
            "indices" : [
              "48",
              "59"
            ]
          }
        ],
        "symbols" : [ ],
        "user_mentions" : [ ],
        "urls" : [ ]
      },
      "display_text_range" : [
        "0",
        "61"
      ],
      "favorite_count" : "0",
      "id_str" : "1961914323565068288",
      "truncated" : false,
      "retweet_count" : "1",
      "id" : "1961914323565068288",
      "created_at" : "Sat Aug 30 22:10:00 +0000 2025",
      "favorited" : false,
      "full_text" : "Clear skies at last, so the telescope came out. #stargazing 🌌",
      "lang" : "en"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "1944135927201316864"
          ],
          "editableUntil" : "2025-07-12T21:45:00.000Z",
          "editsRemaining" : "5",
          "isEditEligible" : true
        }
      },
      "retweeted" : false,
      "source" : "<a href=\"http://twitter.com/download/iphone\" rel=\"nofollow\">Twitter for iPhone</a>",
      "entities" : {
        "hashtags" : [ ],
        "symbols" : [ ],
        "user_mentions" : [ ],
        "urls" : [ ]
      },
      "display_text_range" : [
        "0",
        "80"
      ],
      "favorite_count" : "0",
      "id_str" : "1944135927201316864",
      "truncated" : false,
      "retweet_count" : "0",
      "id" : "1944135927201316864",
      "created_at" : "Sat Jul 12 20:45:00 +0000 2025",
      "favorited" : false,
      "full_text" : "Long evenings mean long workshop sessions. Nothing finished, everything started.",
      "lang" : "en"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "1940490657593782272"
          ],
          "editableUntil" : "2025-07-02T20:20:00.000Z",
          "editsRemaining" : "5",
          "isEditEligible" : false
        }
      },
      "retweeted" : false,
      "source" : "<a href=\"http://twitter.com/download/iphone\" rel=\"nofollow\">Twitter for iPhone</a>",
      "entities" : {
        "hashtags" : [ ],
        "symbols" : [ ],
        "user_mentions" : [
          {
            "name" : "allotment_al",
            "screen_name" : "allotment_al",
            "indices" : [
              "0",
              "13"
            ],
            "id_str" : "1600000105",
            "id" : "1600000105"
          }
        ],
        "urls" : [ ]
      },
      "display_text_range" : [
        "14",
        "76"
      ],
      "favorite_count" : "2",
      "in_reply_to_status_id_str" : "1940285257418526720",
      "id_str" : "1940490657593782272",
      "in_reply_to_user_id" : "1600000105",
      "truncated" : false,
      "retweet_count" : "0",
      "id" : "1940490657593782272",
      "in_reply_to_status_id" : "1940285257418526720",
      "created_at" : "Wed Jul 02 19:20:00 +0000 2025",
      "favorited" : false,
      "full_text" : "@allotment_al Thanks Al, the comfrey tea tip worked wonders on the tomatoes.",
      "lang" : "en",
      "in_reply_to_screen_name" : "allotment_al",
      "in_reply_to_user_id_str" : "1600000105"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "1936457079321792512"
          ],
          "editableUntil" : "2025-06-21T17:12:00.000Z",
          "editsRemaining" : "5",
          "isEditEligible" : false
        }
      },
      "retweeted" : false,
      "source" : "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>",
      "entities" : {
        "hashtags" : [ ],
        "symbols" : [ ],
        "user_mentions" : [
          {
            "name" : "Wren Halloway",
            "screen_name" : "wren_makes",
            "indices" : [
              "0",
              "11"
            ],
            "id_str" : "1500000001",
            "id" : "1500000001"
          }
        ],
        "urls" : [
          {
            "url" : "https://t.co/C2fWOTZK2P",
            "expanded_url" : "https://example.com/projects/pine-bookshelf-cut-list",
            "display_url" : "example.com/projects/pine-…",
            "indices" : [
              "43",
              "66"
            ]
          }
        ]
      },
      "display_text_range" : [
        "12",
        "66"
      ],
      "favorite_count" : "0",
      "in_reply_to_status_id_str" : "1936456324347727872",
      "id_str" : "1936457079321792512",
      "in_reply_to_user_id" : "1500000001",
      "truncated" : false,
      "retweet_count" : "17",
      "id" : "1936457079321792512",
      "in_reply_to_status_id" : "1936456324347727872",
      "possibly_sensitive" : false,
      "created_at" : "Sat Jun 21 16:12:00 +0000 2025",
      "favorited" : false,
      "full_text" : "@wren_makes 5/ Full cut list and drawings: https://t.co/C2fWOTZK2P",
      "lang" : "en",
      "in_reply_to_screen_name" : "wren_makes",
      "in_reply_to_user_id_str" : "1500000001"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "1936456324347727872"
          ],
          "editableUntil" : "2025-06-21T17:09:00.000Z",
          "editsRemaining" : "5",
          "isEditEligible" : false
        }
      },
      "retweeted" : false,
      "source" : "<a href=\"http://twitter.com/download/android\" rel=\"nofollow\">Twitter for Android</a>",
      "entities" : {
        "hashtags" : [ ],
        "symbols" : [ ],
        "user_mentions" : [
          {
            "name" : "Wren Halloway",
            "screen_name" : "wren_makes",
            "indices" : [
              "0",
              "11"
            ],
            "id_str" : "1500000001",
            "id" : "1500000001"
          }
        ],
        "urls" : [ ]
      },
      "display_text_range" : [
        "12",
        "71"
      ],
      "favorite_count" : "0",
      "in_reply_to_status_id_str" : "1936455569372631040",
      "id_str" : "1936456324347727872",
      "in_reply_to_user_id" : "1500000001",
      "truncated" : false,
      "retweet_count" : "1",
      "id" : "1936456324347727872",
      "in_reply_to_status_id" : "1936455569372631040",
      "created_at" : "Sat Jun 21 16:09:00 +0000 2025",
      "favorited" : false,
      "full_text" : "@wren_makes 4/ Two coats of hard wax oil. It smells of honey for a day.",
      "lang" : "en",
      "in_reply_to_screen_name" : "wren_makes",
      "in_reply_to_user_id_str" : "1500000001"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "1936455569372631040"
          ],
          "editableUntil" : "2025-06-21T17:06:00.000Z",
          "editsRemaining" : "5",
          "isEditEligible" : false
        }
      },
      "retweeted" : false,
      "source" : "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>",
      "entities" : {
        "hashtags" : [ ],
        "symbols" : [ ],
        "user_mentions" : [
          {
            "name" : "Wren Halloway",
            "screen_name" : "wren_makes",
            "indices" : [
              "0",
              "11"
            ],
            "id_str" : "1500000001",
            "id" : "1500000001"
          }
        ],
        "urls" : [ ]
      },
      "display_text_range" : [
        "12",
        "104"
      ],
      "favorite_count" : "0",
      "in_reply_to_status_id_str" : "1936454814401216512",
      "id_str" : "1936455569372631040",
      "in_reply_to_user_id" : "1500000001",
      "truncated" : false,
      "retweet_count" : "0",
      "id" : "1936455569372631040",
      "in_reply_to_status_id" : "1936454814401216512",
      "created_at" : "Sat Jun 21 16:06:00 +0000 2025",
      "favorited" : false,
      "full_text" : "@wren_makes 3/ Sides and shelves joined with glue and screws, holes plugged with dowel and sanded flush.",
      "lang" : "en",
      "in_reply_to_screen_name" : "wren_makes",
      "in_reply_to_user_id_str" : "1500000001"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "1936454814401216512"
          ],
          "editableUntil" : "2025-06-21T17:03:00.000Z",
          "editsRemaining" : "5",
          "isEditEligible" : false
        }
      },
      "retweeted" : false,
      "source" : "<a href=\"http://twitter.com/download/iphone\" rel=\"nofollow\">Twitter for iPhone</a>",
      "entities" : {
        "hashtags" : [ ],
        "symbols" : [ ],
        "user_mentions" : [
          {
            "name" : "Wren Halloway",
            "screen_name" : "wren_makes",
            "indices" : [
              "0",
              "11"
            ],
            "id_str" : "1500000001",
            "id" : "1500000001"
          }
        ],
        "urls" : [ ]
      },
      "display_text_range" : [
        "12",
        "123"
      ],
      "favorite_count" : "1",
      "in_reply_to_status_id_str" : "1936454059424890880",
      "id_str" : "1936454814401216512",
      "in_reply_to_user_id" : "1500000001",
      "truncated" : false,
      "retweet_count" : "0",
      "id" : "1936454814401216512",
      "in_reply_to_status_id" : "1936454059424890880",
      "created_at" : "Sat Jun 21 16:03:00 +0000 2025",
      "favorited" : false,
      "full_text" : "@wren_makes 2/ Shelf depth &gt; 25 cm fits most paperbacks &amp; hardbacks; anything &lt; 20 cm and the big books hang over the edge.",
      "lang" : "en",
      "in_reply_to_screen_name" : "wren_makes",
      "in_reply_to_user_id_str" : "1500000001"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "1936454059424890880"
          ],
          "editableUntil" : "2025-06-21T17:00:00.000Z",
          "editsRemaining" : "5",
          "isEditEligible" : true
        }
      },
      "retweeted" : false,
      "source" : "<a href=\"http://twitter.com/download/iphone\" rel=\"nofollow\">Twitter for iPhone</a>",
      "entities" : {
        "hashtags" : [
          {
            "text" : "woodworking",
            "indices" : [
              "62",
              "74"
            ]
          }
        ],
        "symbols" : [ ],
        "user_mentions" : [ ],
        "urls" : [ ]
      },
      "display_text_range" : [
        "0",
        "74"
      ],
      "favorite_count" : "2",
      "id_str" : "1936454059424890880",
      "truncated" : false,
      "retweet_count" : "0",
      "id" : "1936454059424890880",
      "created_at" : "Sat Jun 21 16:00:00 +0000 2025",
      "favorited" : false,
      "full_text" : "1/ A simple bookshelf from two pine boards, no fancy joinery. #woodworking",
      "lang" : "en"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "1923664787669254144"
          ],
          "editableUntil" : "2025-05-17T10:00:00.000Z",
          "editsRemaining" : "5",
          "isEditEligible" : true
        }
      },
      "retweeted" : false,
      "source" : "<a href=\"http://twitter.com/download/iphone\" rel=\"nofollow\">Twitter for iPhone</a>",
      "entities" : {
        "hashtags" : [ ],
        "symbols" : [ ],
        "user_mentions" : [ ],
        "urls" : [ ]
      },
      "display_text_range" : [
        "0",
        "75"
      ],
      "favorite_count" : "0",
      "id_str" : "1923664787669254144",
      "truncated" : false,
      "retweet_count" : "0",
      "id" : "1923664787669254144",
      "created_at" : "Sat May 17 09:00:00 +0000 2025",
      "favorited" : false,
      "full_text" : "Oiled every hinge in the house. The back door no longer announces visitors.",
      "lang" : "en"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "1908449278818410496"
          ],
          "editableUntil" : "2025-04-05T10:19:00.000Z",
          "editsRemaining" : "5",
          "isEditEligible" : false
        }
      },
      "retweeted" : false,
      "source" : "<a href=\"http://twitter.com/download/iphone\" rel=\"nofollow\">Twitter for iPhone</a>",
      "entities" : {
        "hashtags" : [ ],
        "symbols" : [ ],
        "user_mentions" : [ ],
        "urls" : [ ]
      },
      "display_text_range" : [
        "0",
        "97"
      ],
      "favorite_count" : "3",
      "in_reply_to_status_id_str" : "1908448775502929920",
      "id_str" : "1908449278818410496",
      "in_reply_to_user_id" : "1500000001",
      "truncated" : false,
      "retweet_count" : "0",
      "id" : "1908449278818410496",
      "in_reply_to_status_id" : "1908448775502929920",
      "created_at" : "Sat Apr 05 09:19:00 +0000 2025",
      "favorited" : false,
      "full_text" : "Turning it once a fortnight. The first batch of crumbly compost went on the tomatoes last week ❤️",
      "lang" : "en",
      "in_reply_to_screen_name" : "wren_makes",
      "in_reply_to_user_id_str" : "1500000001"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "1908448775502929920"
          ],
          "editableUntil" : "2025-04-05T10:17:00.000Z",
          "editsRemaining" : "5",
          "isEditEligible" : false
        }
      },
      "retweeted" : false,
      "source" : "<a href=\"http://twitter.com/download/iphone\" rel=\"nofollow\">Twitter for iPhone</a>",
      "entities" : {
        "hashtags" : [ ],
        "symbols" : [ ],
        "user_mentions" : [ ],
        "urls" : [ ]
      },
      "display_text_range" : [
        "0",
        "145"
      ],
      "favorite_count" : "1",
      "in_reply_to_status_id_str" : "1908448272187580416",
      "id_str" : "1908448775502929920",
      "in_reply_to_user_id" : "1500000001",
      "truncated" : false,
      "retweet_count" : "0",
      "id" : "1908448775502929920",
      "in_reply_to_status_id" : "1908448272187580416",
      "created_at" : "Sat Apr 05 09:17:00 +0000 2025",
      "favorited" : false,
      "full_text" : "A rough 50/50 of greens (peelings, grass) and browns (cardboard, dry leaves). Too many greens and it smells, too many browns and nothing happens.",
      "lang" : "en",
      "in_reply_to_screen_name" : "wren_makes",
      "in_reply_to_user_id_str" : "1500000001"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "1908448272187580416"
          ],
          "editableUntil" : "2025-04-05T10:15:00.000Z",
          "editsRemaining" : "5",
          "isEditEligible" : true
        }
      },
      "retweeted" : false,
      "source" : "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>",
      "entities" : {
        "hashtags" : [
          {
            "text" : "composting",
            "indices" : [
              "60",
              "71"
            ]
          }
        ],
        "symbols" : [ ],
        "user_mentions" : [ ],
        "urls" : [ ]
      },
      "display_text_range" : [
        "0",
        "71"
      ],
      "favorite_count" : "3",
      "id_str" : "1908448272187580416",
      "truncated" : false,
      "retweet_count" : "0",
      "id" : "1908448272187580416",
      "created_at" : "Sat Apr 05 09:15:00 +0000 2025",
      "favorited" : false,
      "full_text" : "One year of composting in a small back garden. What worked: #composting",
      "lang" : "en"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "1906236196258574336"
          ],
          "editableUntil" : "2025-03-30T07:45:00.000Z",
          "editsRemaining" : "5",
          "isEditEligible" : false
        }
      },
      "retweeted" : false,
      "source" : "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>",
      "entities" : {
        "hashtags" : [ ],
        "symbols" : [ ],
        "user_mentions" : [
          {
            "name" : "tidewatcher_jo",
            "screen_name" : "tidewatcher_jo",
            "indices" : [
              "3",
              "18"
            ],
            "id_str" : "1600000077",
            "id" : "1600000077"
          }
        ],
        "urls" : [ ]
      },
      "display_text_range" : [
        "0",
        "109"
      ],
      "favorite_count" : "0",
      "id_str" : "1906236196258574336",
      "truncated" : false,
      "retweet_count" : "0",
      "id" : "1906236196258574336",
      "created_at" : "Sun Mar 30 06:45:00 +0000 2025",
      "favorited" : false,
      "full_text" : "RT @tidewatcher_jo: Spring low tides this weekend: best rock pooling of the year. Go gently &amp; put rocks back.",
      "lang" : "en"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "1906051227449962496"
          ],
          "editableUntil" : "2025-03-29T19:30:00.000Z",
          "editsRemaining" : "5",
          "isEditEligible" : true
        }
      },
      "retweeted" : false,
      "source" : "<a href=\"http://twitter.com/download/android\" rel=\"nofollow\">Twitter for Android</a>",
      "entities" : {
        "hashtags" : [ ],
        "symbols" : [ ],
        "user_mentions" : [ ],
        "urls" : [ ]
      },
      "display_text_range" : [
        "0",
        "75"
      ],
      "favorite_count" : "5",
      "id_str" : "1906051227449962496",
      "truncated" : false,
      "retweet_count" : "0",
      "id" : "1906051227449962496",
      "created_at" : "Sat Mar 29 18:30:00 +0000 2025",
      "favorited" : false,
      "full_text" : "Reminder that the clocks go forward tonight, and that I will forget anyway.",
      "lang" : "en"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "1898342935560126464"
          ],
          "editableUntil" : "2025-03-08T13:00:00.000Z",
          "editsRemaining" : "5",
          "isEditEligible" : true
        }
      },
      "retweeted" : false,
      "source" : "<a href=\"http://twitter.com/download/iphone\" rel=\"nofollow\">Twitter for iPhone</a>",
      "entities" : {
        "hashtags" : [ ],
        "symbols" : [ ],
        "user_mentions" : [ ],
        "urls" : [ ]
      },
      "display_text_range" : [
        "0",
        "73"
      ],
      "favorite_count" : "0",
      "id_str" : "1898342935560126464",
      "truncated" : false,
      "retweet_count" : "5",
      "id" : "1898342935560126464",
      "created_at" : "Sat Mar 08 12:00:00 +0000 2025",
      "favorited" : false,
      "full_text" : "Seed potatoes chitting on the windowsill. The house is 40% egg boxes now.",
      "lang" : "en"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "1890739081837596672"
          ],
          "editableUntil" : "2025-02-15T13:25:00.000Z",
          "editsRemaining" : "5",
          "isEditEligible" : false
        }
      },
      "retweeted" : false,
      "source" : "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>",
      "entities" : {
        "hashtags" : [ ],
        "symbols" : [ ],
        "user_mentions" : [
          {
            "name" : "Wren Halloway",
            "screen_name" : "wren_makes",
            "indices" : [
              "0",
              "11"
            ],
            "id_str" : "1500000001",
            "id" : "1500000001"
          },
          {
            "name" : "breezy_kites",
            "screen_name" : "breezy_kites",
            "indices" : [
              "12",
              "25"
            ],
            "id_str" : "1600000042",
            "id" : "1600000042"
          }
        ],
        "urls" : [ ]
      },
      "display_text_range" : [
        "26",
        "95"
      ],
      "favorite_count" : "0",
      "in_reply_to_status_id_str" : "1890737823546503168",
      "id_str" : "1890739081837596672",
      "in_reply_to_user_id" : "1500000001",
      "truncated" : false,
      "retweet_count" : "1",
      "id" : "1890739081837596672",
      "in_reply_to_status_id" : "1890737823546503168",
      "created_at" : "Sat Feb 15 12:25:00 +0000 2025",
      "favorited" : false,
      "full_text" : "@wren_makes @breezy_kites Second test: it flew and kept flying 🪁 See you on Saturday, everyone.",
      "lang" : "en",
      "in_reply_to_screen_name" : "wren_makes",
      "in_reply_to_user_id_str" : "1500000001"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "1890737823546503168"
          ],
          "editableUntil" : "2025-02-15T13:20:00.000Z",
          "editsRemaining" : "5",
          "isEditEligible" : false
        }
      },
      "retweeted" : false,
      "source" : "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>",
      "entities" : {
        "hashtags" : [ ],
        "symbols" : [ ],
        "user_mentions" : [
          {
            "name" : "Wren Halloway",
            "screen_name" : "wren_makes",
            "indices" : [
              "0",
              "11"
            ],
            "id_str" : "1500000001",
            "id" : "1500000001"
          },
          {
            "name" : "breezy_kites",
            "screen_name" : "breezy_kites",
            "indices" : [
              "12",
              "25"
            ],
            "id_str" : "1600000042",
            "id" : "1600000042"
          }
        ],
        "urls" : [ ]
      },
      "display_text_range" : [
        "26",
        "107"
      ],
      "favorite_count" : "0",
      "in_reply_to_status_id_str" : "1890736565253271552",
      "id_str" : "1890737823546503168",
      "in_reply_to_user_id" : "1500000001",
      "truncated" : false,
      "retweet_count" : "4",
      "id" : "1890737823546503168",
      "in_reply_to_status_id" : "1890736565253271552",
      "created_at" : "Sat Feb 15 12:20:00 +0000 2025",
      "favorited" : false,
      "full_text" : "@wren_makes @breezy_kites First test in the park: it flew! For about eight seconds. Then I added more tail.",
      "lang" : "en",
      "in_reply_to_screen_name" : "wren_makes",
      "in_reply_to_user_id_str" : "1500000001"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "1890736565253271552"
          ],
          "editableUntil" : "2025-02-15T13:15:00.000Z",
          "editsRemaining" : "5",
          "isEditEligible" : false
        }
      },
      "retweeted" : false,
      "source" : "<a href=\"http://twitter.com/download/iphone\" rel=\"nofollow\">Twitter for iPhone</a>",
      "entities" : {
        "hashtags" : [ ],
        "symbols" : [ ],
        "user_mentions" : [
          {
            "name" : "Wren Halloway",
            "screen_name" : "wren_makes",
            "indices" : [
              "0",
              "11"
            ],
            "id_str" : "1500000001",
            "id" : "1500000001"
          },
          {
            "name" : "breezy_kites",
            "screen_name" : "breezy_kites",
            "indices" : [
              "12",
              "25"
            ],
            "id_str" : "1600000042",
            "id" : "1600000042"
          }
        ],
        "urls" : [ ]
      },
      "display_text_range" : [
        "26",
        "107"
      ],
      "favorite_count" : "0",
      "in_reply_to_status_id_str" : "1890735306962153472",
      "id_str" : "1890736565253271552",
      "in_reply_to_user_id" : "1500000001",
      "truncated" : false,
      "retweet_count" : "0",
      "id" : "1890736565253271552",
      "in_reply_to_status_id" : "1890735306962153472",
      "created_at" : "Sat Feb 15 12:15:00 +0000 2025",
      "favorited" : false,
      "full_text" : "@wren_makes @breezy_kites Tail: strips from a worn-out shirt. Longer than you think, it stops the spinning.",
      "lang" : "en",
      "in_reply_to_screen_name" : "wren_makes",
      "in_reply_to_user_id_str" : "1500000001"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "1890735306962153472"
          ],
          "editableUntil" : "2025-02-15T13:10:00.000Z",
          "editsRemaining" : "5",
          "isEditEligible" : false
        }
      },
      "retweeted" : false,
      "source" : "<a href=\"http://twitter.com/download/android\" rel=\"nofollow\">Twitter for Android</a>",
      "entities" : {
        "hashtags" : [ ],
        "symbols" : [ ],
        "user_mentions" : [
          {
            "name" : "Wren Halloway",
            "screen_name" : "wren_makes",
            "indices" : [
              "0",
              "11"
            ],
            "id_str" : "1500000001",
            "id" : "1500000001"
          },
          {
            "name" : "breezy_kites",
            "screen_name" : "breezy_kites",
            "indices" : [
              "12",
              "25"
            ],
            "id_str" : "1600000042",
            "id" : "1600000042"
          }
        ],
        "urls" : [ ]
      },
      "display_text_range" : [
        "26",
        "106"
      ],
      "favorite_count" : "2",
      "in_reply_to_status_id_str" : "1890734048672079872",
      "id_str" : "1890735306962153472",
      "in_reply_to_user_id" : "1500000001",
      "truncated" : false,
      "retweet_count" : "0",
      "id" : "1890735306962153472",
      "in_reply_to_status_id" : "1890734048672079872",
      "created_at" : "Sat Feb 15 12:10:00 +0000 2025",
      "favorited" : false,
      "full_text" : "@wren_makes @breezy_kites Sail: umbrella fabric, cut with a 2 cm margin and glued over the string outline.",
      "lang" : "en",
      "in_reply_to_screen_name" : "wren_makes",
      "in_reply_to_user_id_str" : "1500000001"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "1890734048672079872"
          ],
          "editableUntil" : "2025-02-15T13:05:00.000Z",
          "editsRemaining" : "5",
          "isEditEligible" : false
        }
      },
      "retweeted" : false,
      "source" : "<a href=\"http://twitter.com/download/android\" rel=\"nofollow\">Twitter for Android</a>",
      "entities" : {
        "hashtags" : [ ],
        "symbols" : [ ],
        "user_mentions" : [
          {
            "name" : "Wren Halloway",
            "screen_name" : "wren_makes",
            "indices" : [
              "0",
              "11"
            ],
            "id_str" : "1500000001",
            "id" : "1500000001"
          },
          {
            "name" : "breezy_kites",
            "screen_name" : "breezy_kites",
            "indices" : [
              "12",
              "25"
            ],
            "id_str" : "1600000042",
            "id" : "1600000042"
          }
        ],
        "urls" : [ ]
      },
      "display_text_range" : [
        "26",
        "135"
      ],
      "favorite_count" : "0",
      "in_reply_to_status_id_str" : "1890732790379634688",
      "id_str" : "1890734048672079872",
      "in_reply_to_user_id" : "1500000001",
      "truncated" : false,
      "retweet_count" : "0",
      "id" : "1890734048672079872",
      "in_reply_to_status_id" : "1890732790379634688",
      "created_at" : "Sat Feb 15 12:05:00 +0000 2025",
      "favorited" : false,
      "full_text" : "@wren_makes @breezy_kites Frame: two canes lashed in a cross, the spine 90 cm, the spar 75 cm. Notched ends so the string doesn't slip.",
      "lang" : "en",
      "in_reply_to_screen_name" : "wren_makes",
      "in_reply_to_user_id_str" : "1500000001"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "1890732790379634688"
          ],
          "editableUntil" : "2025-02-15T13:00:00.000Z",
          "editsRemaining" : "5",
          "isEditEligible" : false
        }
      },
      "retweeted" : false,
      "source" : "<a href=\"http://twitter.com/download/android\" rel=\"nofollow\">Twitter for Android</a>",
      "entities" : {
        "hashtags" : [ ],
        "symbols" : [ ],
        "user_mentions" : [
          {
            "name" : "breezy_kites",
            "screen_name" : "breezy_kites",
            "indices" : [
              "0",
              "13"
            ],
            "id_str" : "1600000042",
            "id" : "1600000042"
          }
        ],
        "urls" : [ ]
      },
      "display_text_range" : [
        "14",
        "112"
      ],
      "favorite_count" : "1",
      "in_reply_to_status_id_str" : "1890549366463971328",
      "id_str" : "1890732790379634688",
      "in_reply_to_user_id" : "1600000042",
      "truncated" : false,
      "retweet_count" : "0",
      "id" : "1890732790379634688",
      "in_reply_to_status_id" : "1890549366463971328",
      "created_at" : "Sat Feb 15 12:00:00 +0000 2025",
      "favorited" : false,
      "full_text" : "@breezy_kites Challenge accepted! I'll build one from garden canes and an old umbrella and bring it on Saturday.",
      "lang" : "en",
      "in_reply_to_screen_name" : "breezy_kites",
      "in_reply_to_user_id_str" : "1600000042"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "1878021532677267456"
          ],
          "editableUntil" : "2025-01-11T11:10:00.000Z",
          "editsRemaining" : "5",
          "isEditEligible" : true
        }
      },
      "retweeted" : false,
      "source" : "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>",
      "entities" : {
        "hashtags" : [ ],
        "symbols" : [ ],
        "user_mentions" : [ ],
        "urls" : [ ]
      },
      "display_text_range" : [
        "0",
        "73"
      ],
      "favorite_count" : "0",
      "id_str" : "1878021532677267456",
      "truncated" : false,
      "retweet_count" : "3",
      "id" : "1878021532677267456",
      "created_at" : "Sat Jan 11 10:10:00 +0000 2025",
      "favorited" : false,
      "full_text" : "Tried a rye loaf for the first time. Dense, dark, and actually very good.",
      "lang" : "en"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "1870499467885338624"
          ],
          "editableUntil" : "2024-12-21T17:00:00.000Z",
          "editsRemaining" : "5",
          "isEditEligible" : true
        }
      },
      "retweeted" : false,
      "source" : "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>",
      "entities" : {
        "hashtags" : [ ],
        "symbols" : [ ],
        "user_mentions" : [ ],
        "urls" : [ ]
      },
      "display_text_range" : [
        "0",
        "67"
      ],
      "favorite_count" : "1",
      "id_str" : "1870499467885338624",
      "truncated" : false,
      "retweet_count" : "0",
      "id" : "1870499467885338624",
      "created_at" : "Sat Dec 21 16:00:00 +0000 2024",
      "favorited" : false,
      "full_text" : "Shortest day of the year. The workshop lamp is doing a lot of work.",
      "lang" : "en"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "1863321168247054336"
          ],
          "editableUntil" : "2024-12-01T21:36:00.000Z",
          "editsRemaining" : "5",
          "isEditEligible" : false
        }
      },
      "retweeted" : false,
      "source" : "<a href=\"http://twitter.com/download/iphone\" rel=\"nofollow\">Twitter for iPhone</a>",
      "entities" : {
        "hashtags" : [ ],
        "symbols" : [ ],
        "user_mentions" : [
          {
            "name" : "Wren Halloway",
            "screen_name" : "wren_makes",
            "indices" : [
              "0",
              "11"
            ],
            "id_str" : "1500000001",
            "id" : "1500000001"
          }
        ],
        "urls" : [ ]
      },
      "display_text_range" : [
        "12",
        "86"
      ],
      "favorite_count" : "2",
      "in_reply_to_status_id_str" : "1863320664931942400",
      "id_str" : "1863321168247054336",
      "in_reply_to_user_id" : "1500000001",
      "truncated" : false,
      "retweet_count" : "0",
      "id" : "1863321168247054336",
      "in_reply_to_status_id" : "1863320664931942400",
      "created_at" : "Sun Dec 01 20:36:00 +0000 2024",
      "favorited" : false,
      "full_text" : "@wren_makes Goal for next month: play one song all the way through for my neighbours 🎶",
      "lang" : "en",
      "in_reply_to_screen_name" : "wren_makes",
      "in_reply_to_user_id_str" : "1500000001"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "1863320664931942400"
          ],
          "editableUntil" : "2024-12-01T21:34:00.000Z",
          "editsRemaining" : "5",
          "isEditEligible" : false
        }
      },
      "retweeted" : false,
      "source" : "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>",
      "entities" : {
        "hashtags" : [ ],
        "symbols" : [ ],
        "user_mentions" : [
          {
            "name" : "Wren Halloway",
            "screen_name" : "wren_makes",
            "indices" : [
              "0",
              "11"
            ],
            "id_str" : "1500000001",
            "id" : "1500000001"
          }
        ],
        "urls" : [ ]
      },
      "display_text_range" : [
        "12",
        "112"
      ],
      "favorite_count" : "56",
      "in_reply_to_status_id_str" : "1863320161614213120",
      "id_str" : "1863320664931942400",
      "in_reply_to_user_id" : "1500000001",
      "truncated" : false,
      "retweet_count" : "4",
      "id" : "1863320664931942400",
      "in_reply_to_status_id" : "1863320161614213120",
      "created_at" : "Sun Dec 01 20:34:00 +0000 2024",
      "favorited" : false,
      "full_text" : "@wren_makes My teacher's warm-up song opens with \"مرحبا\" and I finally sing it without losing the strum pattern.",
      "lang" : "en",
      "in_reply_to_screen_name" : "wren_makes",
      "in_reply_to_user_id_str" : "1500000001"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "1863320161614213120"
          ],
          "editableUntil" : "2024-12-01T21:32:00.000Z",
          "editsRemaining" : "5",
          "isEditEligible" : false
        }
      },
      "retweeted" : false,
      "source" : "<a href=\"http://twitter.com/download/iphone\" rel=\"nofollow\">Twitter for iPhone</a>",
      "entities" : {
        "hashtags" : [ ],
        "symbols" : [ ],
        "user_mentions" : [
          {
            "name" : "Wren Halloway",
            "screen_name" : "wren_makes",
            "indices" : [
              "0",
              "11"
            ],
            "id_str" : "1500000001",
            "id" : "1500000001"
          }
        ],
        "urls" : [ ]
      },
      "display_text_range" : [
        "12",
        "100"
      ],
      "favorite_count" : "16",
      "in_reply_to_status_id_str" : "1863319658299088896",
      "id_str" : "1863320161614213120",
      "in_reply_to_user_id" : "1500000001",
      "truncated" : false,
      "retweet_count" : "0",
      "id" : "1863320161614213120",
      "in_reply_to_status_id" : "1863319658299088896",
      "created_at" : "Sun Dec 01 20:32:00 +0000 2024",
      "favorited" : false,
      "full_text" : "@wren_makes C, Am, F and G are fine now. The E chord is still an act of violence against my fingers.",
      "lang" : "en",
      "in_reply_to_screen_name" : "wren_makes",
      "in_reply_to_user_id_str" : "1500000001"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "1863319658299088896"
          ],
          "editableUntil" : "2024-12-01T21:30:00.000Z",
          "editsRemaining" : "5",
          "isEditEligible" : true
        }
      },
      "retweeted" : false,
      "source" : "<a href=\"http://twitter.com/download/android\" rel=\"nofollow\">Twitter for Android</a>",
      "entities" : {
        "hashtags" : [
          {
            "text" : "ukulele",
            "indices" : [
              "56",
              "64"
            ]
          }
        ],
        "symbols" : [ ],
        "user_mentions" : [ ],
        "urls" : [ ]
      },
      "display_text_range" : [
        "0",
        "64"
      ],
      "favorite_count" : "0",
      "id_str" : "1863319658299088896",
      "truncated" : false,
      "retweet_count" : "4",
      "id" : "1863319658299088896",
      "created_at" : "Sun Dec 01 20:30:00 +0000 2024",
      "favorited" : false,
      "full_text" : "Day 30 of learning the ukulele. Honest progress report. #ukulele",
      "lang" : "en"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "1855271627781734400"
          ],
          "editableUntil" : "2024-11-09T16:30:00.000Z",
          "editsRemaining" : "5",
          "isEditEligible" : true
        }
      },
      "retweeted" : false,
      "source" : "<a href=\"http://twitter.com/download/android\" rel=\"nofollow\">Twitter for Android</a>",
      "entities" : {
        "hashtags" : [ ],
        "symbols" : [ ],
        "user_mentions" : [ ],
        "urls" : [ ]
      },
      "display_text_range" : [
        "0",
        "76"
      ],
      "favorite_count" : "9",
      "id_str" : "1855271627781734400",
      "truncated" : false,
      "retweet_count" : "0",
      "id" : "1855271627781734400",
      "created_at" : "Sat Nov 09 15:30:00 +0000 2024",
      "favorited" : false,
      "full_text" : "Sketchbook tip from a friend: date every page. Future you will want to know.",
      "lang" : "en"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "1850451114194763776"
          ],
          "editableUntil" : "2024-10-27T09:15:00.000Z",
          "editsRemaining" : "5",
          "isEditEligible" : false
        }
      },
      "retweeted" : false,
      "source" : "<a href=\"http://twitter.com/download/android\" rel=\"nofollow\">Twitter for Android</a>",
      "entities" : {
        "hashtags" : [ ],
        "symbols" : [ ],
        "user_mentions" : [
          {
            "name" : "tidewatcher_jo",
            "screen_name" : "tidewatcher_jo",
            "indices" : [
              "0",
              "15"
            ],
            "id_str" : "1600000077",
            "id" : "1600000077"
          }
        ],
        "urls" : [ ]
      },
      "display_text_range" : [
        "16",
        "82"
      ],
      "favorite_count" : "0",
      "in_reply_to_status_id_str" : "1850101102077394944",
      "id_str" : "1850451114194763776",
      "in_reply_to_user_id" : "1600000077",
      "truncated" : false,
      "retweet_count" : "0",
      "id" : "1850451114194763776",
      "in_reply_to_status_id" : "1850101102077394944",
      "created_at" : "Sun Oct 27 08:15:00 +0000 2024",
      "favorited" : false,
      "full_text" : "@tidewatcher_jo Ha, I had the same crab under the same rock, I think. Small world.",
      "lang" : "en",
      "in_reply_to_screen_name" : "tidewatcher_jo",
      "in_reply_to_user_id_str" : "1600000077"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "1850081931559018496"
          ],
          "editableUntil" : "2024-10-26T08:48:00.000Z",
          "editsRemaining" : "5",
          "isEditEligible" : false
        }
      },
      "retweeted" : false,
      "source" : "<a href=\"http://twitter.com/download/android\" rel=\"nofollow\">Twitter for Android</a>",
      "entities" : {
        "hashtags" : [ ],
        "symbols" : [ ],
        "user_mentions" : [
          {
            "name" : "Wren Halloway",
            "screen_name" : "wren_makes",
            "indices" : [
              "0",
              "11"
            ],
            "id_str" : "1500000001",
            "id" : "1500000001"
          }
        ],
        "urls" : [
          {
            "url" : "https://t.co/8oNoFp1eSs",
            "expanded_url" : "https://example.org/shore/rock-pool-guide.pdf",
            "display_url" : "example.org/shore/rock-poo…",
            "indices" : [
              "69",
              "92"
            ]
          }
        ]
      },
      "display_text_range" : [
        "12",
        "92"
      ],
      "favorite_count" : "0",
      "in_reply_to_status_id_str" : "1850081176584273920",
      "id_str" : "1850081931559018496",
      "in_reply_to_user_id" : "1500000001",
      "truncated" : false,
      "retweet_count" : "0",
      "id" : "1850081931559018496",
      "in_reply_to_status_id" : "1850081176584273920",
      "possibly_sensitive" : false,
      "created_at" : "Sat Oct 26 07:48:00 +0000 2024",
      "favorited" : false,
      "full_text" : "@wren_makes A good pocket guide to what lives in British rock pools: https://t.co/8oNoFp1eSs",
      "lang" : "en",
      "in_reply_to_screen_name" : "wren_makes",
      "in_reply_to_user_id_str" : "1500000001"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "1850081176584273920"
          ],
          "editableUntil" : "2024-10-26T08:45:00.000Z",
          "editsRemaining" : "5",
          "isEditEligible" : false
        }
      },
      "retweeted" : false,
      "source" : "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>",
      "entities" : {
        "hashtags" : [ ],
        "symbols" : [ ],
        "user_mentions" : [
          {
            "name" : "Wren Halloway",
            "screen_name" : "wren_makes",
            "indices" : [
              "0",
              "11"
            ],
            "id_str" : "1500000001",
            "id" : "1500000001"
          }
        ],
        "urls" : [ ]
      },
      "display_text_range" : [
        "12",
        "107"
      ],
      "favorite_count" : "1",
      "in_reply_to_status_id_str" : "1850079918291443712",
      "id_str" : "1850081176584273920",
      "in_reply_to_user_id" : "1500000001",
      "truncated" : false,
      "retweet_count" : "0",
      "id" : "1850081176584273920",
      "in_reply_to_status_id" : "1850079918291443712",
      "created_at" : "Sat Oct 26 07:45:00 +0000 2024",
      "favorited" : false,
      "full_text" : "@wren_makes Rule of the shore: put every rock back the way you found it. The underside is somebody's house.",
      "lang" : "en",
      "in_reply_to_screen_name" : "wren_makes",
      "in_reply_to_user_id_str" : "1500000001"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "1850079918291443712"
          ],
          "editableUntil" : "2024-10-26T08:40:00.000Z",
          "editsRemaining" : "5",
          "isEditEligible" : false
        }
      },
      "retweeted" : false,
      "source" : "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>",
      "entities" : {
        "hashtags" : [ ],
        "symbols" : [ ],
        "user_mentions" : [
          {
            "name" : "Wren Halloway",
            "screen_name" : "wren_makes",
            "indices" : [
              "0",
              "11"
            ],
            "id_str" : "1500000001",
            "id" : "1500000001"
          }
        ],
        "urls" : [ ],
        "media" : [
          {
            "expanded_url" : "https://twitter.com/wren_makes/status/1850079918291443712/photo/1",
            "indices" : [
              "64",
              "87"
            ],
            "url" : "https://t.co/iUtXe9PAGs",
            "media_url" : "http://pbs.twimg.com/media/VNVvYHyP37OpowF.png",
            "id_str" : "1850079639874318336",
            "id" : "1850079639874318336",
            "media_url_https" : "https://pbs.twimg.com/media/VNVvYHyP37OpowF.png",
            "sizes" : {
              "small" : {
                "w" : "320",
                "h" : "200",
                "resize" : "fit"
              },
              "medium" : {
                "w" : "320",
                "h" : "200",
                "resize" : "fit"
              },
              "thumb" : {
                "w" : "150",
                "h" : "150",
                "resize" : "crop"
              },
              "large" : {
                "w" : "320",
                "h" : "200",
                "resize" : "fit"
              }
            },
            "type" : "photo",
            "display_url" : "pic.twitter.com/iUtXe9PAGs"
          }
        ]
      },
      "display_text_range" : [
        "12",
        "63"
      ],
      "favorite_count" : "0",
      "in_reply_to_status_id_str" : "1850078156685365248",
      "id_str" : "1850079918291443712",
      "in_reply_to_user_id" : "1500000001",
      "truncated" : false,
      "retweet_count" : "0",
      "id" : "1850079918291443712",
      "in_reply_to_status_id" : "1850078156685365248",
      "possibly_sensitive" : false,
      "created_at" : "Sat Oct 26 07:40:00 +0000 2024",
      "favorited" : false,
      "full_text" : "@wren_makes The star of the day: a beadlet anemone, fully open. https://t.co/iUtXe9PAGs",
      "lang" : "en",
      "in_reply_to_screen_name" : "wren_makes",
      "in_reply_to_user_id_str" : "1500000001",
      "extended_entities" : {
        "media" : [
          {
            "expanded_url" : "https://twitter.com/wren_makes/status/1850079918291443712/photo/1",
            "indices" : [
              "64",
              "87"
            ],
            "url" : "https://t.co/iUtXe9PAGs",
            "media_url" : "http://pbs.twimg.com/media/VNVvYHyP37OpowF.png",
            "id_str" : "1850079639874318336",
            "id" : "1850079639874318336",
            "media_url_https" : "https://pbs.twimg.com/media/VNVvYHyP37OpowF.png",
            "sizes" : {
              "small" : {
                "w" : "320",
                "h" : "200",
                "resize" : "fit"
              },
              "medium" : {
                "w" : "320",
                "h" : "200",
                "resize" : "fit"
              },
              "thumb" : {
                "w" : "150",
                "h" : "150",
                "resize" : "crop"
              },
              "large" : {
                "w" : "320",
                "h" : "200",
                "resize" : "fit"
              }
            },
            "type" : "photo",
            "ext_alt_text" : "A red beadlet anemone with its tentacles open in a shallow rock pool.",
            "display_url" : "pic.twitter.com/iUtXe9PAGs"
          }
        ]
      }
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "1850078156685365248"
          ],
          "editableUntil" : "2024-10-26T08:33:00.000Z",
          "editsRemaining" : "5",
          "isEditEligible" : false
        }
      },
      "retweeted" : false,
      "source" : "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>",
      "entities" : {
        "hashtags" : [ ],
        "symbols" : [ ],
        "user_mentions" : [
          {
            "name" : "Wren Halloway",
            "screen_name" : "wren_makes",
            "indices" : [
              "0",
              "11"
            ],
            "id_str" : "1500000001",
            "id" : "1500000001"
          }
        ],
        "urls" : [ ]
      },
      "display_text_range" : [
        "12",
        "134"
      ],
      "favorite_count" : "1",
      "in_reply_to_status_id_str" : "1850077401710006272",
      "id_str" : "1850078156685365248",
      "in_reply_to_user_id" : "1500000001",
      "truncated" : false,
      "retweet_count" : "0",
      "id" : "1850078156685365248",
      "in_reply_to_status_id" : "1850077401710006272",
      "created_at" : "Sat Oct 26 07:33:00 +0000 2024",
      "favorited" : false,
      "full_text" : "@wren_makes Found: three kinds of anemone, a hermit crab in a borrowed periwinkle shell, and a blenny that refused to be photographed.",
      "lang" : "en",
      "in_reply_to_screen_name" : "wren_makes",
      "in_reply_to_user_id_str" : "1500000001"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "1850077401710006272"
          ],
          "editableUntil" : "2024-10-26T08:30:00.000Z",
          "editsRemaining" : "5",
          "isEditEligible" : true
        }
      },
      "retweeted" : false,
      "source" : "<a href=\"http://twitter.com/download/iphone\" rel=\"nofollow\">Twitter for iPhone</a>",
      "entities" : {
        "hashtags" : [
          {
            "text" : "tidepools",
            "indices" : [
              "90",
              "100"
            ]
          }
        ],
        "symbols" : [ ],
        "user_mentions" : [ ],
        "urls" : [ ]
      },
      "display_text_range" : [
        "0",
        "100"
      ],
      "favorite_count" : "0",
      "id_str" : "1850077401710006272",
      "truncated" : false,
      "retweet_count" : "0",
      "id" : "1850077401710006272",
      "created_at" : "Sat Oct 26 07:30:00 +0000 2024",
      "favorited" : false,
      "full_text" : "Low tide this morning was the lowest of the year, so I went rock pooling with a notebook. #tidepools",
      "lang" : "en"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "1840661608658792448"
          ],
          "editableUntil" : "2024-09-30T08:55:00.000Z",
          "editsRemaining" : "5",
          "isEditEligible" : true
        }
      },
      "retweeted" : false,
      "source" : "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>",
      "entities" : {
        "hashtags" : [ ],
        "symbols" : [ ],
        "user_mentions" : [ ],
        "urls" : [ ]
      },
      "display_text_range" : [
        "0",
        "84"
      ],
      "favorite_count" : "0",
      "id_str" : "1840661608658792448",
      "truncated" : false,
      "retweet_count" : "0",
      "id" : "1840661608658792448",
      "created_at" : "Mon Sep 30 07:55:00 +0000 2024",
      "favorited" : false,
      "full_text" : "Autumn project list: fix the shed door, sharpen the lawn mower, learn to knit socks.",
      "lang" : "en"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "1835036795336388608"
          ],
          "editableUntil" : "2024-09-14T20:24:00.000Z",
          "editsRemaining" : "5",
          "isEditEligible" : false
        }
      },
      "retweeted" : false,
      "source" : "<a href=\"http://twitter.com/download/iphone\" rel=\"nofollow\">Twitter for iPhone</a>",
      "entities" : {
        "hashtags" : [ ],
        "symbols" : [ ],
        "user_mentions" : [ ],
        "urls" : [ ]
      },
      "display_text_range" : [
        "0",
        "34"
      ],
      "favorite_count" : "11",
      "in_reply_to_status_id_str" : "1835036040363032576",
      "id_str" : "1835036795336388608",
      "in_reply_to_user_id" : "1500000001",
      "truncated" : false,
      "retweet_count" : "0",
      "id" : "1835036795336388608",
      "in_reply_to_status_id" : "1835036040363032576",
      "created_at" : "Sat Sep 14 19:24:00 +0000 2024",
      "favorited" : false,
      "full_text" : "Already planning the next section.",
      "lang" : "en",
      "in_reply_to_screen_name" : "wren_makes",
      "in_reply_to_user_id_str" : "1500000001"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "1835036040363032576"
          ],
          "editableUntil" : "2024-09-14T20:21:00.000Z",
          "editsRemaining" : "5",
          "isEditEligible" : false
        }
      },
      "retweeted" : false,
      "source" : "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>",
      "entities" : {
        "hashtags" : [ ],
        "symbols" : [ ],
        "user_mentions" : [ ],
        "urls" : [
          {
            "url" : "https://t.co/cdC0zgtUes",
            "expanded_url" : "https://example.com/trails/coast-path-three-days",
            "display_url" : "example.com/trails/coast-p…",
            "indices" : [
              "33",
              "56"
            ]
          }
        ]
      },
      "display_text_range" : [
        "0",
        "56"
      ],
      "favorite_count" : "1",
      "in_reply_to_status_id_str" : "1835035285390155776",
      "id_str" : "1835036040363032576",
      "in_reply_to_user_id" : "1500000001",
      "truncated" : false,
      "retweet_count" : "0",
      "id" : "1835036040363032576",
      "in_reply_to_status_id" : "1835035285390155776",
      "possibly_sensitive" : false,
      "created_at" : "Sat Sep 14 19:21:00 +0000 2024",
      "favorited" : false,
      "full_text" : "The route and campsites we used: https://t.co/cdC0zgtUes",
      "lang" : "en",
      "in_reply_to_screen_name" : "wren_makes",
      "in_reply_to_user_id_str" : "1500000001"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "1835035285390155776"
          ],
          "editableUntil" : "2024-09-14T20:18:00.000Z",
          "editsRemaining" : "5",
          "isEditEligible" : false
        }
      },
      "retweeted" : false,
      "source" : "<a href=\"http://twitter.com/download/iphone\" rel=\"nofollow\">Twitter for iPhone</a>",
      "entities" : {
        "hashtags" : [ ],
        "symbols" : [ ],
        "user_mentions" : [ ],
        "urls" : [ ]
      },
      "display_text_range" : [
        "0",
        "72"
      ],
      "favorite_count" : "1",
      "in_reply_to_status_id_str" : "1835034530413645824",
      "id_str" : "1835035285390155776",
      "in_reply_to_user_id" : "1500000001",
      "truncated" : false,
      "retweet_count" : "0",
      "id" : "1835035285390155776",
      "in_reply_to_status_id" : "1835034530413645824",
      "created_at" : "Sat Sep 14 19:18:00 +0000 2024",
      "favorited" : false,
      "full_text" : "Day three: the shortest stage, so we took it slowly and swam at the end.",
      "lang" : "en",
      "in_reply_to_screen_name" : "wren_makes",
      "in_reply_to_user_id_str" : "1500000001"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "1835034530413645824"
          ],
          "editableUntil" : "2024-09-14T20:15:00.000Z",
          "editsRemaining" : "5",
          "isEditEligible" : false
        }
      },
      "retweeted" : false,
      "source" : "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>",
      "entities" : {
        "hashtags" : [ ],
        "symbols" : [ ],
        "user_mentions" : [ ],
        "urls" : [ ]
      },
      "display_text_range" : [
        "0",
        "83"
      ],
      "favorite_count" : "0",
      "in_reply_to_status_id_str" : "1835033775438180352",
      "id_str" : "1835034530413645824",
      "in_reply_to_user_id" : "1500000001",
      "truncated" : false,
      "retweet_count" : "0",
      "id" : "1835034530413645824",
      "in_reply_to_status_id" : "1835033775438180352",
      "created_at" : "Sat Sep 14 19:15:00 +0000 2024",
      "favorited" : false,
      "full_text" : "My boots finally gave up on a muddy descent. Duct tape got me to the next village 🥾",
      "lang" : "en",
      "in_reply_to_screen_name" : "wren_makes",
      "in_reply_to_user_id_str" : "1500000001"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "1835033775438180352"
          ],
          "editableUntil" : "2024-09-14T20:12:00.000Z",
          "editsRemaining" : "5",
          "isEditEligible" : false
        }
      },
      "retweeted" : false,
      "source" : "<a href=\"http://twitter.com/download/iphone\" rel=\"nofollow\">Twitter for iPhone</a>",
      "entities" : {
        "hashtags" : [ ],
        "symbols" : [ ],
        "user_mentions" : [ ],
        "urls" : [ ]
      },
      "display_text_range" : [
        "0",
        "68"
      ],
      "favorite_count" : "3",
      "in_reply_to_status_id_str" : "1835033020462563328",
      "id_str" : "1835033775438180352",
      "in_reply_to_user_id" : "1500000001",
      "truncated" : false,
      "retweet_count" : "1",
      "id" : "1835033775438180352",
      "in_reply_to_status_id" : "1835033020462563328",
      "created_at" : "Sat Sep 14 19:12:00 +0000 2024",
      "favorited" : false,
      "full_text" : "Day two: fog until noon, then the whole coastline opened up at once.",
      "lang" : "en",
      "in_reply_to_screen_name" : "wren_makes",
      "in_reply_to_user_id_str" : "1500000001"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "1835033020462563328"
          ],
          "editableUntil" : "2024-09-14T20:09:00.000Z",
          "editsRemaining" : "5",
          "isEditEligible" : false
        }
      },
      "retweeted" : false,
      "source" : "<a href=\"http://twitter.com/download/android\" rel=\"nofollow\">Twitter for Android</a>",
      "entities" : {
        "hashtags" : [ ],
        "symbols" : [ ],
        "user_mentions" : [ ],
        "urls" : [ ]
      },
      "display_text_range" : [
        "0",
        "106"
      ],
      "favorite_count" : "0",
      "in_reply_to_status_id_str" : "1835032265487572992",
      "id_str" : "1835033020462563328",
      "in_reply_to_user_id" : "1500000001",
      "truncated" : false,
      "retweet_count" : "0",
      "id" : "1835033020462563328",
      "in_reply_to_status_id" : "1835032265487572992",
      "created_at" : "Sat Sep 14 19:09:00 +0000 2024",
      "favorited" : false,
      "full_text" : "At the campsite a couple from Haifa greeted us with a cheerful \"שלום\" and shared their tea. Lovely people.",
      "lang" : "en",
      "in_reply_to_screen_name" : "wren_makes",
      "in_reply_to_user_id_str" : "1500000001"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "1835032265487572992"
          ],
          "editableUntil" : "2024-09-14T20:06:00.000Z",
          "editsRemaining" : "5",
          "isEditEligible" : false
        }
      },
      "retweeted" : false,
      "source" : "<a href=\"http://twitter.com/download/android\" rel=\"nofollow\">Twitter for Android</a>",
      "entities" : {
        "hashtags" : [ ],
        "symbols" : [ ],
        "user_mentions" : [ ],
        "urls" : [ ]
      },
      "display_text_range" : [
        "0",
        "77"
      ],
      "favorite_count" : "10",
      "in_reply_to_status_id_str" : "1835031510514872320",
      "id_str" : "1835032265487572992",
      "in_reply_to_user_id" : "1500000001",
      "truncated" : false,
      "retweet_count" : "0",
      "id" : "1835032265487572992",
      "in_reply_to_status_id" : "1835031510514872320",
      "created_at" : "Sat Sep 14 19:06:00 +0000 2024",
      "favorited" : false,
      "full_text" : "Lunch on a rock above a bay where seals were lazing about. We counted eleven.",
      "lang" : "en",
      "in_reply_to_screen_name" : "wren_makes",
      "in_reply_to_user_id_str" : "1500000001"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "1835031510514872320"
          ],
          "editableUntil" : "2024-09-14T20:03:00.000Z",
          "editsRemaining" : "5",
          "isEditEligible" : false
        }
      },
      "retweeted" : false,
      "source" : "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>",
      "entities" : {
        "hashtags" : [ ],
        "symbols" : [ ],
        "user_mentions" : [ ],
        "urls" : [ ]
      },
      "display_text_range" : [
        "0",
        "73"
      ],
      "favorite_count" : "0",
      "in_reply_to_status_id_str" : "1835030755538489344",
      "id_str" : "1835031510514872320",
      "in_reply_to_user_id" : "1500000001",
      "truncated" : false,
      "retweet_count" : "0",
      "id" : "1835031510514872320",
      "in_reply_to_status_id" : "1835030755538489344",
      "created_at" : "Sat Sep 14 19:03:00 +0000 2024",
      "favorited" : false,
      "full_text" : "Day one: 18 km, two ferries, one very steep staircase cut into the cliff.",
      "lang" : "en",
      "in_reply_to_screen_name" : "wren_makes",
      "in_reply_to_user_id_str" : "1500000001"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "1835030755538489344"
          ],
          "editableUntil" : "2024-09-14T20:00:00.000Z",
          "editsRemaining" : "5",
          "isEditEligible" : true
        }
      },
      "retweeted" : false,
      "source" : "<a href=\"http://twitter.com/download/iphone\" rel=\"nofollow\">Twitter for iPhone</a>",
      "entities" : {
        "hashtags" : [
          {
            "text" : "hiking",
            "indices" : [
              "67",
              "74"
            ]
          }
        ],
        "symbols" : [ ],
        "user_mentions" : [ ],
        "urls" : [ ]
      },
      "display_text_range" : [
        "0",
        "74"
      ],
      "favorite_count" : "2",
      "id_str" : "1835030755538489344",
      "truncated" : false,
      "retweet_count" : "0",
      "id" : "1835030755538489344",
      "created_at" : "Sat Sep 14 19:00:00 +0000 2024",
      "favorited" : false,
      "full_text" : "Three days on the coast path last week. A thread of small moments. #hiking",
      "lang" : "en"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "1828826121632014336"
          ],
          "editableUntil" : "2024-08-28T17:05:00.000Z",
          "editsRemaining" : "5",
          "isEditEligible" : true
        }
      },
      "retweeted" : false,
      "source" : "<a href=\"http://twitter.com/download/android\" rel=\"nofollow\">Twitter for Android</a>",
      "entities" : {
        "hashtags" : [ ],
        "symbols" : [ ],
        "user_mentions" : [ ],
        "urls" : [ ]
      },
      "display_text_range" : [
        "0",
        "82"
      ],
      "favorite_count" : "0",
      "id_str" : "1828826121632014336",
      "truncated" : false,
      "retweet_count" : "2",
      "id" : "1828826121632014336",
      "created_at" : "Wed Aug 28 16:05:00 +0000 2024",
      "favorited" : false,
      "full_text" : "Workshop rule #1: put the tool back where it lives. Workshop rule #2: see rule #1.",
      "lang" : "en"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "1822237708910678016"
          ],
          "editableUntil" : "2024-08-10T12:45:00.000Z",
          "editsRemaining" : "5",
          "isEditEligible" : true
        }
      },
      "retweeted" : false,
      "source" : "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>",
      "entities" : {
        "hashtags" : [ ],
        "symbols" : [ ],
        "user_mentions" : [ ],
        "urls" : [ ]
      },
      "display_text_range" : [
        "0",
        "83"
      ],
      "favorite_count" : "5",
      "id_str" : "1822237708910678016",
      "truncated" : false,
      "retweet_count" : "0",
      "id" : "1822237708910678016",
      "created_at" : "Sat Aug 10 11:45:00 +0000 2024",
      "favorited" : false,
      "full_text" : "Made jam from the plum tree. The bird feeder tree! The birds got their share first.",
      "lang" : "en"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "1814935593418420224"
          ],
          "editableUntil" : "2024-07-21T09:09:00.000Z",
          "editsRemaining" : "5",
          "isEditEligible" : false
        }
      },
      "retweeted" : false,
      "source" : "<a href=\"http://twitter.com/download/iphone\" rel=\"nofollow\">Twitter for iPhone</a>",
      "entities" : {
        "hashtags" : [ ],
        "symbols" : [ ],
        "user_mentions" : [
          {
            "name" : "Wren Halloway",
            "screen_name" : "wren_makes",
            "indices" : [
              "0",
              "11"
            ],
            "id_str" : "1500000001",
            "id" : "1500000001"
          }
        ],
        "urls" : [ ]
      },
      "display_text_range" : [
        "12",
        "44"
      ],
      "favorite_count" : "2",
      "in_reply_to_status_id_str" : "1814935090101579776",
      "id_str" : "1814935593418420224",
      "in_reply_to_user_id" : "1500000001",
      "truncated" : false,
      "retweet_count" : "2",
      "id" : "1814935593418420224",
      "in_reply_to_status_id" : "1814935090101579776",
      "created_at" : "Sun Jul 21 08:09:00 +0000 2024",
      "favorited" : false,
      "full_text" : "@wren_makes That's it! Free plants forever 🌱",
      "lang" : "en",
      "in_reply_to_screen_name" : "wren_makes",
      "in_reply_to_user_id_str" : "1500000001"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "1814935090101579776"
          ],
          "editableUntil" : "2024-07-21T09:07:00.000Z",
          "editsRemaining" : "5",
          "isEditEligible" : false
        }
      },
      "retweeted" : false,
      "source" : "<a href=\"http://twitter.com/download/iphone\" rel=\"nofollow\">Twitter for iPhone</a>",
      "entities" : {
        "hashtags" : [ ],
        "symbols" : [ ],
        "user_mentions" : [
          {
            "name" : "Wren Halloway",
            "screen_name" : "wren_makes",
            "indices" : [
              "0",
              "11"
            ],
            "id_str" : "1500000001",
            "id" : "1500000001"
          }
        ],
        "urls" : [ ]
      },
      "display_text_range" : [
        "12",
        "113"
      ],
      "favorite_count" : "0",
      "in_reply_to_status_id_str" : "1814934586783006720",
      "id_str" : "1814935090101579776",
      "in_reply_to_user_id" : "1500000001",
      "truncated" : false,
      "retweet_count" : "0",
      "id" : "1814935090101579776",
      "in_reply_to_status_id" : "1814934586783006720",
      "created_at" : "Sun Jul 21 08:07:00 +0000 2024",
      "favorited" : false,
      "full_text" : "@wren_makes Roots show up after two or three weeks. Once they are a few cm long, pot them up in ordinary compost.",
      "lang" : "en",
      "in_reply_to_screen_name" : "wren_makes",
      "in_reply_to_user_id_str" : "1500000001"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "1814934586783006720"
          ],
          "editableUntil" : "2024-07-21T09:05:00.000Z",
          "editsRemaining" : "5",
          "isEditEligible" : false
        }
      },
      "retweeted" : false,
      "source" : "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>",
      "entities" : {
        "hashtags" : [ ],
        "symbols" : [ ],
        "user_mentions" : [
          {
            "name" : "Wren Halloway",
            "screen_name" : "wren_makes",
            "indices" : [
              "0",
              "11"
            ],
            "id_str" : "1500000001",
            "id" : "1500000001"
          }
        ],
        "urls" : [ ]
      },
      "display_text_range" : [
        "12",
        "96"
      ],
      "favorite_count" : "0",
      "in_reply_to_status_id_str" : "1814933831811936256",
      "id_str" : "1814934586783006720",
      "in_reply_to_user_id" : "1500000001",
      "truncated" : false,
      "retweet_count" : "0",
      "id" : "1814934586783006720",
      "in_reply_to_status_id" : "1814933831811936256",
      "created_at" : "Sun Jul 21 08:05:00 +0000 2024",
      "favorited" : false,
      "full_text" : "@wren_makes Keep it somewhere bright but out of direct sun, and change the water every few days.",
      "lang" : "en",
      "in_reply_to_screen_name" : "wren_makes",
      "in_reply_to_user_id_str" : "1500000001"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "1814934083466321920"
          ],
          "editableUntil" : "2024-07-21T09:03:00.000Z",
          "editsRemaining" : "5",
          "isEditEligible" : false
        }
      },
      "retweeted" : false,
      "source" : "<a href=\"http://twitter.com/download/android\" rel=\"nofollow\">Twitter for Android</a>",
      "entities" : {
        "hashtags" : [ ],
        "symbols" : [ ],
        "user_mentions" : [
          {
            "name" : "Wren Halloway",
            "screen_name" : "wren_makes",
            "indices" : [
              "0",
              "11"
            ],
            "id_str" : "1500000001",
            "id" : "1500000001"
          }
        ],
        "urls" : [ ]
      },
      "display_text_range" : [
        "12",
        "62"
      ],
      "favorite_count" : "2",
      "in_reply_to_status_id_str" : "1814933831811936256",
      "id_str" : "1814934083466321920",
      "in_reply_to_user_id" : "1500000001",
      "truncated" : false,
      "retweet_count" : "0",
      "id" : "1814934083466321920",
      "in_reply_to_status_id" : "1814933831811936256",
      "created_at" : "Sun Jul 21 08:03:00 +0000 2024",
      "favorited" : false,
      "full_text" : "@wren_makes (Sorry, wrong photo in the last one. Ignore that!)",
      "lang" : "en",
      "in_reply_to_screen_name" : "wren_makes",
      "in_reply_to_user_id_str" : "1500000001"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "1814933831811936256"
          ],
          "editableUntil" : "2024-07-21T09:02:00.000Z",
          "editsRemaining" : "5",
          "isEditEligible" : false
        }
      },
      "retweeted" : false,
      "source" : "<a href=\"http://twitter.com/download/android\" rel=\"nofollow\">Twitter for Android</a>",
      "entities" : {
        "hashtags" : [ ],
        "symbols" : [ ],
        "user_mentions" : [
          {
            "name" : "Wren Halloway",
            "screen_name" : "wren_makes",
            "indices" : [
              "0",
              "11"
            ],
            "id_str" : "1500000001",
            "id" : "1500000001"
          }
        ],
        "urls" : [ ]
      },
      "display_text_range" : [
        "12",
        "120"
      ],
      "favorite_count" : "4",
      "in_reply_to_status_id_str" : "1814933328491540480",
      "id_str" : "1814933831811936256",
      "in_reply_to_user_id" : "1500000001",
      "truncated" : false,
      "retweet_count" : "2",
      "id" : "1814933831811936256",
      "in_reply_to_status_id" : "1814933328491540480",
      "created_at" : "Sun Jul 21 08:02:00 +0000 2024",
      "favorited" : false,
      "full_text" : "@wren_makes Cut just below a node (the little bump where a leaf meets the stem) and put the cutting in a glass of water.",
      "lang" : "en",
      "in_reply_to_screen_name" : "wren_makes",
      "in_reply_to_user_id_str" : "1500000001"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "1814933328491540480"
          ],
          "editableUntil" : "2024-07-21T09:00:00.000Z",
          "editsRemaining" : "5",
          "isEditEligible" : true
        }
      },
      "retweeted" : false,
      "source" : "<a href=\"http://twitter.com/download/android\" rel=\"nofollow\">Twitter for Android</a>",
      "entities" : {
        "hashtags" : [
          {
            "text" : "houseplants",
            "indices" : [
              "68",
              "80"
            ]
          }
        ],
        "symbols" : [ ],
        "user_mentions" : [ ],
        "urls" : [ ]
      },
      "display_text_range" : [
        "0",
        "80"
      ],
      "favorite_count" : "0",
      "id_str" : "1814933328491540480",
      "truncated" : false,
      "retweet_count" : "1",
      "id" : "1814933328491540480",
      "created_at" : "Sun Jul 21 08:00:00 +0000 2024",
      "favorited" : false,
      "full_text" : "Propagating my pothos: a short guide for anyone with a leggy plant. #houseplants",
      "lang" : "en"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "1807523251617927168"
          ],
          "editableUntil" : "2024-06-30T22:15:00.000Z",
          "editsRemaining" : "5",
          "isEditEligible" : true
        }
      },
      "retweeted" : false,
      "source" : "<a href=\"http://twitter.com/download/android\" rel=\"nofollow\">Twitter for Android</a>",
      "entities" : {
        "hashtags" : [ ],
        "symbols" : [ ],
        "user_mentions" : [ ],
        "urls" : [ ]
      },
      "display_text_range" : [
        "0",
        "64"
      ],
      "favorite_count" : "1",
      "id_str" : "1807523251617927168",
      "truncated" : false,
      "retweet_count" : "0",
      "id" : "1807523251617927168",
      "created_at" : "Sun Jun 30 21:15:00 +0000 2024",
      "favorited" : false,
      "full_text" : "The swifts are back over the rooftops. Best sound of the summer.",
      "lang" : "en"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "1799507181698813952"
          ],
          "editableUntil" : "2024-06-08T19:22:00.000Z",
          "editsRemaining" : "5",
          "isEditEligible" : false
        }
      },
      "retweeted" : false,
      "source" : "<a href=\"http://twitter.com/download/android\" rel=\"nofollow\">Twitter for Android</a>",
      "entities" : {
        "hashtags" : [ ],
        "symbols" : [ ],
        "user_mentions" : [ ],
        "urls" : [ ]
      },
      "display_text_range" : [
        "0",
        "71"
      ],
      "favorite_count" : "0",
      "in_reply_to_status_id_str" : "1799506678381428736",
      "id_str" : "1799507181698813952",
      "in_reply_to_user_id" : "1500000001",
      "truncated" : false,
      "retweet_count" : "0",
      "id" : "1799507181698813952",
      "in_reply_to_status_id" : "1799506678381428736",
      "created_at" : "Sat Jun 08 18:22:00 +0000 2024",
      "favorited" : false,
      "full_text" : "7/7 Forty minutes later: a straight wheel, and one very pleased rider 🚲",
      "lang" : "en",
      "in_reply_to_screen_name" : "wren_makes",
      "in_reply_to_user_id_str" : "1500000001"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "1799506678381428736"
          ],
          "editableUntil" : "2024-06-08T19:20:00.000Z",
          "editsRemaining" : "5",
          "isEditEligible" : false
        }
      },
      "retweeted" : false,
      "source" : "<a href=\"http://twitter.com/download/android\" rel=\"nofollow\">Twitter for Android</a>",
      "entities" : {
        "hashtags" : [ ],
        "symbols" : [ ],
        "user_mentions" : [ ],
        "urls" : [
          {
            "url" : "https://t.co/OgSLiS4nnF",
            "expanded_url" : "https://example.org/guides/bicycle-wheel-truing",
            "display_url" : "example.org/guides/bicycle…",
            "indices" : [
              "49",
              "72"
            ]
          }
        ]
      },
      "display_text_range" : [
        "0",
        "72"
      ],
      "favorite_count" : "1",
      "in_reply_to_status_id_str" : "1799506175065542656",
      "id_str" : "1799506678381428736",
      "in_reply_to_user_id" : "1500000001",
      "truncated" : false,
      "retweet_count" : "0",
      "id" : "1799506678381428736",
      "in_reply_to_status_id" : "1799506175065542656",
      "possibly_sensitive" : false,
      "created_at" : "Sat Jun 08 18:20:00 +0000 2024",
      "favorited" : false,
      "full_text" : "6/7 The guide that finally made it click for me: https://t.co/OgSLiS4nnF",
      "lang" : "en",
      "in_reply_to_screen_name" : "wren_makes",
      "in_reply_to_user_id_str" : "1500000001"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "1799506175065542656"
          ],
          "editableUntil" : "2024-06-08T19:18:00.000Z",
          "editsRemaining" : "5",
          "isEditEligible" : false
        }
      },
      "retweeted" : false,
      "source" : "<a href=\"http://twitter.com/download/iphone\" rel=\"nofollow\">Twitter for iPhone</a>",
      "entities" : {
        "hashtags" : [ ],
        "symbols" : [ ],
        "user_mentions" : [ ],
        "urls" : [ ]
      },
      "display_text_range" : [
        "0",
        "108"
      ],
      "favorite_count" : "0",
      "in_reply_to_status_id_str" : "1799505671749152768",
      "id_str" : "1799506175065542656",
      "in_reply_to_user_id" : "1500000001",
      "truncated" : false,
      "retweet_count" : "0",
      "id" : "1799506175065542656",
      "in_reply_to_status_id" : "1799505671749152768",
      "created_at" : "Sat Jun 08 18:18:00 +0000 2024",
      "favorited" : false,
      "full_text" : "5/7 Check the spoke tension by plucking them like guitar strings: similar notes on each side is a good sign.",
      "lang" : "en",
      "in_reply_to_screen_name" : "wren_makes",
      "in_reply_to_user_id_str" : "1500000001"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "1799505671749152768"
          ],
          "editableUntil" : "2024-06-08T19:16:00.000Z",
          "editsRemaining" : "5",
          "isEditEligible" : false
        }
      },
      "retweeted" : false,
      "source" : "<a href=\"http://twitter.com/download/iphone\" rel=\"nofollow\">Twitter for iPhone</a>",
      "entities" : {
        "hashtags" : [ ],
        "symbols" : [ ],
        "user_mentions" : [ ],
        "urls" : [ ]
      },
      "display_text_range" : [
        "0",
        "69"
      ],
      "favorite_count" : "1",
      "in_reply_to_status_id_str" : "1799505168432848896",
      "id_str" : "1799505671749152768",
      "in_reply_to_user_id" : "1500000001",
      "truncated" : false,
      "retweet_count" : "0",
      "id" : "1799505671749152768",
      "in_reply_to_status_id" : "1799505168432848896",
      "created_at" : "Sat Jun 08 18:16:00 +0000 2024",
      "favorited" : false,
      "full_text" : "4/7 Quarter turns. Really. Half turns took me from a wobble to a hop.",
      "lang" : "en",
      "in_reply_to_screen_name" : "wren_makes",
      "in_reply_to_user_id_str" : "1500000001"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "1799505168432848896"
          ],
          "editableUntil" : "2024-06-08T19:14:00.000Z",
          "editsRemaining" : "5",
          "isEditEligible" : false
        }
      },
      "retweeted" : false,
      "source" : "<a href=\"http://twitter.com/download/iphone\" rel=\"nofollow\">Twitter for iPhone</a>",
      "entities" : {
        "hashtags" : [ ],
        "symbols" : [ ],
        "user_mentions" : [ ],
        "urls" : [ ]
      },
      "display_text_range" : [
        "0",
        "127"
      ],
      "favorite_count" : "3",
      "in_reply_to_status_id_str" : "1799504665116532736",
      "id_str" : "1799505168432848896",
      "in_reply_to_user_id" : "1500000001",
      "truncated" : false,
      "retweet_count" : "2",
      "id" : "1799505168432848896",
      "in_reply_to_status_id" : "1799504665116532736",
      "created_at" : "Sat Jun 08 18:14:00 +0000 2024",
      "favorited" : false,
      "full_text" : "3/7 Where the rim rubs the zip tie, loosen the spokes on that side and tighten the ones on the other, a quarter turn at a time.",
      "lang" : "en",
      "in_reply_to_screen_name" : "wren_makes",
      "in_reply_to_user_id_str" : "1500000001"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "1799504665116532736"
          ],
          "editableUntil" : "2024-06-08T19:12:00.000Z",
          "editsRemaining" : "5",
          "isEditEligible" : false
        }
      },
      "retweeted" : false,
      "source" : "<a href=\"http://twitter.com/download/iphone\" rel=\"nofollow\">Twitter for iPhone</a>",
      "entities" : {
        "hashtags" : [ ],
        "symbols" : [ ],
        "user_mentions" : [ ],
        "urls" : [ ]
      },
      "display_text_range" : [
        "0",
        "128"
      ],
      "favorite_count" : "0",
      "in_reply_to_status_id_str" : "1799504161800306688",
      "id_str" : "1799504665116532736",
      "in_reply_to_user_id" : "1500000001",
      "truncated" : false,
      "retweet_count" : "0",
      "id" : "1799504665116532736",
      "in_reply_to_status_id" : "1799504161800306688",
      "created_at" : "Sat Jun 08 18:12:00 +0000 2024",
      "favorited" : false,
      "full_text" : "2/7 Tools: a spoke key, zip ties as a makeshift truing gauge, and patience. Flip the bike upside down and spin the wheel slowly.",
      "lang" : "en",
      "in_reply_to_screen_name" : "wren_makes",
      "in_reply_to_user_id_str" : "1500000001"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "1799504161800306688"
          ],
          "editableUntil" : "2024-06-08T19:10:00.000Z",
          "editsRemaining" : "5",
          "isEditEligible" : true
        }
      },
      "retweeted" : false,
      "source" : "<a href=\"http://twitter.com/download/iphone\" rel=\"nofollow\">Twitter for iPhone</a>",
      "entities" : {
        "hashtags" : [
          {
            "text" : "bikerepair",
            "indices" : [
              "101",
              "112"
            ]
          }
        ],
        "symbols" : [ ],
        "user_mentions" : [ ],
        "urls" : [ ]
      },
      "display_text_range" : [
        "0",
        "112"
      ],
      "favorite_count" : "0",
      "id_str" : "1799504161800306688",
      "truncated" : false,
      "retweet_count" : "0",
      "id" : "1799504161800306688",
      "created_at" : "Sat Jun 08 18:10:00 +0000 2024",
      "favorited" : false,
      "full_text" : "1/7 My back wheel had a wobble you could see from across the street, so I learned to true it myself. #bikerepair",
      "lang" : "en"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "1794443314593632256"
          ],
          "editableUntil" : "2024-05-25T20:00:00.000Z",
          "editsRemaining" : "5",
          "isEditEligible" : true
        }
      },
      "retweeted" : false,
      "source" : "<a href=\"http://twitter.com/download/android\" rel=\"nofollow\">Twitter for Android</a>",
      "entities" : {
        "hashtags" : [
          {
            "text" : "bikerepair",
            "indices" : [
              "91",
              "102"
            ]
          }
        ],
        "symbols" : [ ],
        "user_mentions" : [ ],
        "urls" : [ ]
      },
      "display_text_range" : [
        "0",
        "102"
      ],
      "favorite_count" : "1",
      "id_str" : "1794443314593632256",
      "truncated" : false,
      "retweet_count" : "0",
      "id" : "1794443314593632256",
      "created_at" : "Sat May 25 19:00:00 +0000 2024",
      "favorited" : false,
      "full_text" : "Repair café this Saturday: I'll be at the bike table with a pump and a lot of tyre levers. #bikerepair",
      "lang" : "en"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "1789717172844490752"
          ],
          "editableUntil" : "2024-05-12T19:00:00.000Z",
          "editsRemaining" : "5",
          "isEditEligible" : false
        }
      },
      "retweeted" : false,
      "source" : "<a href=\"http://twitter.com/download/android\" rel=\"nofollow\">Twitter for Android</a>",
      "entities" : {
        "hashtags" : [ ],
        "symbols" : [ ],
        "user_mentions" : [
          {
            "name" : "breezy_kites",
            "screen_name" : "breezy_kites",
            "indices" : [
              "0",
              "13"
            ],
            "id_str" : "1600000042",
            "id" : "1600000042"
          }
        ],
        "urls" : [ ]
      },
      "display_text_range" : [
        "14",
        "51"
      ],
      "favorite_count" : "0",
      "in_reply_to_status_id_str" : "1789629133752238080",
      "id_str" : "1789717172844490752",
      "in_reply_to_user_id" : "1600000042",
      "truncated" : false,
      "retweet_count" : "0",
      "id" : "1789717172844490752",
      "in_reply_to_status_id" : "1789629133752238080",
      "created_at" : "Sun May 12 18:00:00 +0000 2024",
      "favorited" : false,
      "full_text" : "@breezy_kites Count me in for the spring kite day 🪁",
      "lang" : "en",
      "in_reply_to_screen_name" : "breezy_kites",
      "in_reply_to_user_id_str" : "1600000042"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "1786762705106210816"
          ],
          "editableUntil" : "2024-05-04T15:20:00.000Z",
          "editsRemaining" : "5",
          "isEditEligible" : true
        }
      },
      "retweeted" : false,
      "source" : "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>",
      "entities" : {
        "hashtags" : [ ],
        "symbols" : [ ],
        "user_mentions" : [ ],
        "urls" : [ ]
      },
      "display_text_range" : [
        "0",
        "78"
      ],
      "favorite_count" : "1",
      "id_str" : "1786762705106210816",
      "truncated" : false,
      "retweet_count" : "18",
      "id" : "1786762705106210816",
      "created_at" : "Sat May 04 14:20:00 +0000 2024",
      "favorited" : false,
      "full_text" : "Today I learned that \"measure twice, cut once\" also applies to fabric &amp; paper.",
      "lang" : "en"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "1784522946770612224"
          ],
          "editableUntil" : "2024-04-28T11:00:00.000Z",
          "editsRemaining" : "5",
          "isEditEligible" : false
        }
      },
      "retweeted" : false,
      "source" : "<a href=\"http://twitter.com/download/android\" rel=\"nofollow\">Twitter for Android</a>",
      "entities" : {
        "hashtags" : [ ],
        "symbols" : [ ],
        "user_mentions" : [
          {
            "name" : "pip_sketches",
            "screen_name" : "pip_sketches",
            "indices" : [
              "3",
              "16"
            ],
            "id_str" : "1600000011",
            "id" : "1600000011"
          }
        ],
        "urls" : [ ]
      },
      "display_text_range" : [
        "0",
        "106"
      ],
      "favorite_count" : "0",
      "id_str" : "1784522946770612224",
      "truncated" : false,
      "retweet_count" : "1",
      "id" : "1784522946770612224",
      "created_at" : "Sun Apr 28 10:00:00 +0000 2024",
      "favorited" : false,
      "full_text" : "RT @pip_sketches: Sketch meet-up next Sunday at the botanical garden, all welcome, bring any pen you like!",
      "lang" : "en"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "1782341069829218304"
          ],
          "editableUntil" : "2024-04-22T10:30:00.000Z",
          "editsRemaining" : "5",
          "isEditEligible" : false
        }
      },
      "retweeted" : false,
      "source" : "<a href=\"http://twitter.com/download/iphone\" rel=\"nofollow\">Twitter for iPhone</a>",
      "entities" : {
        "hashtags" : [ ],
        "symbols" : [ ],
        "user_mentions" : [
          {
            "name" : "pip_sketches",
            "screen_name" : "pip_sketches",
            "indices" : [
              "0",
              "13"
            ],
            "id_str" : "1600000011",
            "id" : "1600000011"
          }
        ],
        "urls" : [ ]
      },
      "display_text_range" : [
        "14",
        "65"
      ],
      "favorite_count" : "0",
      "in_reply_to_status_id_str" : "1782224334000529408",
      "id_str" : "1782341069829218304",
      "in_reply_to_user_id" : "1600000011",
      "truncated" : false,
      "retweet_count" : "0",
      "id" : "1782341069829218304",
      "in_reply_to_status_id" : "1782224334000529408",
      "created_at" : "Mon Apr 22 09:30:00 +0000 2024",
      "favorited" : false,
      "full_text" : "@pip_sketches That's gorgeous, the light on the water is perfect!",
      "lang" : "en",
      "in_reply_to_screen_name" : "pip_sketches",
      "in_reply_to_user_id_str" : "1600000011"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "1781643473188450304"
          ],
          "editableUntil" : "2024-04-20T12:18:00.000Z",
          "editsRemaining" : "5",
          "isEditEligible" : false
        }
      },
      "retweeted" : false,
      "source" : "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>",
      "entities" : {
        "hashtags" : [ ],
        "symbols" : [ ],
        "user_mentions" : [
          {
            "name" : "Wren Halloway",
            "screen_name" : "wren_makes",
            "indices" : [
              "0",
              "11"
            ],
            "id_str" : "1500000001",
            "id" : "1500000001"
          }
        ],
        "urls" : [ ]
      },
      "display_text_range" : [
        "12",
        "66"
      ],
      "favorite_count" : "0",
      "in_reply_to_status_id_str" : "1781641963242242048",
      "id_str" : "1781643473188450304",
      "in_reply_to_user_id" : "1500000001",
      "truncated" : false,
      "retweet_count" : "0",
      "id" : "1781643473188450304",
      "in_reply_to_status_id" : "1781641963242242048",
      "created_at" : "Sat Apr 20 11:18:00 +0000 2024",
      "favorited" : false,
      "full_text" : "@wren_makes Next month: the market square, if the weather holds ☀️",
      "lang" : "en",
      "in_reply_to_screen_name" : "wren_makes",
      "in_reply_to_user_id_str" : "1500000001"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "1781641963242242048"
          ],
          "editableUntil" : "2024-04-20T12:12:00.000Z",
          "editsRemaining" : "5",
          "isEditEligible" : false
        }
      },
      "retweeted" : false,
      "source" : "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>",
      "entities" : {
        "hashtags" : [ ],
        "symbols" : [ ],
        "user_mentions" : [
          {
            "name" : "Wren Halloway",
            "screen_name" : "wren_makes",
            "indices" : [
              "0",
              "11"
            ],
            "id_str" : "1500000001",
            "id" : "1500000001"
          }
        ],
        "urls" : [ ]
      },
      "display_text_range" : [
        "12",
        "148"
      ],
      "favorite_count" : "1",
      "in_reply_to_status_id_str" : "1781640453291982848",
      "id_str" : "1781641963242242048",
      "in_reply_to_user_id" : "1500000001",
      "truncated" : false,
      "retweet_count" : "0",
      "id" : "1781641963242242048",
      "in_reply_to_status_id" : "1781640453291982848",
      "created_at" : "Sat Apr 20 11:12:00 +0000 2024",
      "favorited" : false,
      "full_text" : "@wren_makes I tried a water brush for the first time. Messy, but the washes over the river came out better than anything I have done with a dry pen.",
      "lang" : "en",
      "in_reply_to_screen_name" : "wren_makes",
      "in_reply_to_user_id_str" : "1500000001"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "1781640453291982848"
          ],
          "editableUntil" : "2024-04-20T12:06:00.000Z",
          "editsRemaining" : "5",
          "isEditEligible" : false
        }
      },
      "retweeted" : false,
      "source" : "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>",
      "entities" : {
        "hashtags" : [ ],
        "symbols" : [ ],
        "user_mentions" : [
          {
            "name" : "Wren Halloway",
            "screen_name" : "wren_makes",
            "indices" : [
              "0",
              "11"
            ],
            "id_str" : "1500000001",
            "id" : "1500000001"
          }
        ],
        "urls" : [ ]
      },
      "display_text_range" : [
        "12",
        "158"
      ],
      "favorite_count" : "0",
      "in_reply_to_status_id_str" : "1781638943342833664",
      "id_str" : "1781640453291982848",
      "in_reply_to_user_id" : "1500000001",
      "truncated" : false,
      "retweet_count" : "0",
      "id" : "1781640453291982848",
      "in_reply_to_status_id" : "1781638943342833664",
      "created_at" : "Sat Apr 20 11:06:00 +0000 2024",
      "favorited" : false,
      "full_text" : "@wren_makes Lesson of the day from Pip: draw the big shapes first, the shadows second, and the details only if you still have time. You never still have time.",
      "lang" : "en",
      "in_reply_to_screen_name" : "wren_makes",
      "in_reply_to_user_id_str" : "1500000001"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "1781638943342833664"
          ],
          "editableUntil" : "2024-04-20T12:00:00.000Z",
          "editsRemaining" : "5",
          "isEditEligible" : true
        }
      },
      "retweeted" : false,
      "source" : "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>",
      "entities" : {
        "hashtags" : [
          {
            "text" : "urbansketching",
            "indices" : [
              "9",
              "24"
            ]
          }
        ],
        "symbols" : [ ],
        "user_mentions" : [
          {
            "name" : "Pip Sketches",
            "screen_name" : "pip_sketches",
            "indices" : [
              "30",
              "43"
            ],
            "id_str" : "5530869668",
            "id" : "5530869668"
          }
        ],
        "urls" : [ ]
      },
      "display_text_range" : [
        "0",
        "123"
      ],
      "favorite_count" : "5",
      "id_str" : "1781638943342833664",
      "truncated" : false,
      "retweet_count" : "0",
      "id" : "1781638943342833664",
      "created_at" : "Sat Apr 20 11:00:00 +0000 2024",
      "favorited" : false,
      "full_text" : "Went out #urbansketching with @pip_sketches this morning. We sat by the old bridge for two hours and I filled four pages 🖊️",
      "lang" : "en"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "1768937751970402304"
          ],
          "editableUntil" : "2024-03-16T10:50:00.000Z",
          "editsRemaining" : "5",
          "isEditEligible" : true
        }
      },
      "retweeted" : false,
      "source" : "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>",
      "entities" : {
        "hashtags" : [ ],
        "symbols" : [ ],
        "user_mentions" : [ ],
        "urls" : [ ]
      },
      "display_text_range" : [
        "0",
        "90"
      ],
      "favorite_count" : "1",
      "id_str" : "1768937751970402304",
      "truncated" : false,
      "retweet_count" : "0",
      "id" : "1768937751970402304",
      "created_at" : "Sat Mar 16 09:50:00 +0000 2024",
      "favorited" : false,
      "full_text" : "Found a 1970s hand drill at the flea market for the price of a coffee. It works perfectly.",
      "lang" : "en"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "1763954918818734080"
          ],
          "editableUntil" : "2024-03-02T16:50:00.000Z",
          "editsRemaining" : "5",
          "isEditEligible" : false
        }
      },
      "retweeted" : false,
      "source" : "<a href=\"http://twitter.com/download/iphone\" rel=\"nofollow\">Twitter for iPhone</a>",
      "entities" : {
        "hashtags" : [ ],
        "symbols" : [ ],
        "user_mentions" : [
          {
            "name" : "Wren Halloway",
            "screen_name" : "wren_makes",
            "indices" : [
              "0",
              "11"
            ],
            "id_str" : "1500000001",
            "id" : "1500000001"
          }
        ],
        "urls" : [ ]
      },
      "display_text_range" : [
        "12",
        "128"
      ],
      "favorite_count" : "0",
      "in_reply_to_status_id_str" : "1763953660525924352",
      "id_str" : "1763954918818734080",
      "in_reply_to_user_id" : "1500000001",
      "truncated" : false,
      "retweet_count" : "0",
      "id" : "1763954918818734080",
      "in_reply_to_status_id" : "1763953660525924352",
      "created_at" : "Sat Mar 02 15:50:00 +0000 2024",
      "favorited" : false,
      "full_text" : "@wren_makes Total cost: one board, a handful of screws &amp; some linseed oil. Total time: an afternoon, plus an evening of sanding.",
      "lang" : "en",
      "in_reply_to_screen_name" : "wren_makes",
      "in_reply_to_user_id_str" : "1500000001"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "1763953660525924352"
          ],
          "editableUntil" : "2024-03-02T16:45:00.000Z",
          "editsRemaining" : "5",
          "isEditEligible" : false
        }
      },
      "retweeted" : false,
      "source" : "<a href=\"http://twitter.com/download/iphone\" rel=\"nofollow\">Twitter for iPhone</a>",
      "entities" : {
        "hashtags" : [ ],
        "symbols" : [ ],
        "user_mentions" : [
          {
            "name" : "Wren Halloway",
            "screen_name" : "wren_makes",
            "indices" : [
              "0",
              "11"
            ],
            "id_str" : "1500000001",
            "id" : "1500000001"
          }
        ],
        "urls" : [ ],
        "media" : [
          {
            "expanded_url" : "https://twitter.com/wren_makes/status/1763953660525924352/photo/1",
            "indices" : [
              "87",
              "110"
            ],
            "url" : "https://t.co/UhF1hascUY",
            "media_url" : "http://pbs.twimg.com/media/LbQ2w6vo9YM7F6b.png",
            "id_str" : "1763953438532468736",
            "id" : "1763953438532468736",
            "media_url_https" : "https://pbs.twimg.com/media/LbQ2w6vo9YM7F6b.png",
            "sizes" : {
              "small" : {
                "w" : "320",
                "h" : "200",
                "resize" : "fit"
              },
              "medium" : {
                "w" : "320",
                "h" : "200",
                "resize" : "fit"
              },
              "thumb" : {
                "w" : "150",
                "h" : "150",
                "resize" : "crop"
              },
              "large" : {
                "w" : "320",
                "h" : "200",
                "resize" : "fit"
              }
            },
            "type" : "photo",
            "display_url" : "pic.twitter.com/UhF1hascUY"
          }
        ]
      },
      "display_text_range" : [
        "12",
        "86"
      ],
      "favorite_count" : "2",
      "in_reply_to_status_id_str" : "1763951898918711296",
      "id_str" : "1763953660525924352",
      "in_reply_to_user_id" : "1500000001",
      "truncated" : false,
      "retweet_count" : "0",
      "id" : "1763953660525924352",
      "in_reply_to_status_id" : "1763951898918711296",
      "possibly_sensitive" : false,
      "created_at" : "Sat Mar 02 15:45:00 +0000 2024",
      "favorited" : false,
      "full_text" : "@wren_makes Finished and hung on the plum tree. The blue tits found it within an hour! https://t.co/UhF1hascUY",
      "lang" : "en",
      "in_reply_to_screen_name" : "wren_makes",
      "in_reply_to_user_id_str" : "1500000001",
      "extended_entities" : {
        "media" : [
          {
            "expanded_url" : "https://twitter.com/wren_makes/status/1763953660525924352/photo/1",
            "indices" : [
              "87",
              "110"
            ],
            "url" : "https://t.co/UhF1hascUY",
            "media_url" : "http://pbs.twimg.com/media/LbQ2w6vo9YM7F6b.png",
            "id_str" : "1763953438532468736",
            "id" : "1763953438532468736",
            "media_url_https" : "https://pbs.twimg.com/media/LbQ2w6vo9YM7F6b.png",
            "sizes" : {
              "small" : {
                "w" : "320",
                "h" : "200",
                "resize" : "fit"
              },
              "medium" : {
                "w" : "320",
                "h" : "200",
                "resize" : "fit"
              },
              "thumb" : {
                "w" : "150",
                "h" : "150",
                "resize" : "crop"
              },
              "large" : {
                "w" : "320",
                "h" : "200",
                "resize" : "fit"
              }
            },
            "type" : "photo",
            "ext_alt_text" : "A small cedar bird feeder with a pitched roof hanging from a plum tree branch.",
            "display_url" : "pic.twitter.com/UhF1hascUY"
          }
        ]
      }
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "1763951898918711296"
          ],
          "editableUntil" : "2024-03-02T16:38:00.000Z",
          "editsRemaining" : "5",
          "isEditEligible" : false
        }
      },
      "retweeted" : false,
      "source" : "<a href=\"http://twitter.com/download/iphone\" rel=\"nofollow\">Twitter for iPhone</a>",
      "entities" : {
        "hashtags" : [ ],
        "symbols" : [ ],
        "user_mentions" : [
          {
            "name" : "Wren Halloway",
            "screen_name" : "wren_makes",
            "indices" : [
              "0",
              "11"
            ],
            "id_str" : "1500000001",
            "id" : "1500000001"
          }
        ],
        "urls" : [ ]
      },
      "display_text_range" : [
        "12",
        "122"
      ],
      "favorite_count" : "4",
      "in_reply_to_status_id_str" : "1763950892285313024",
      "id_str" : "1763951898918711296",
      "in_reply_to_user_id" : "1500000001",
      "truncated" : false,
      "retweet_count" : "0",
      "id" : "1763951898918711296",
      "in_reply_to_status_id" : "1763950892285313024",
      "created_at" : "Sat Mar 02 15:38:00 +0000 2024",
      "favorited" : false,
      "full_text" : "@wren_makes Changes: a deeper tray so seed doesn't spill, and a roof overhang of 4 cm on every side so the rain stays out.",
      "lang" : "en",
      "in_reply_to_screen_name" : "wren_makes",
      "in_reply_to_user_id_str" : "1500000001"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "1763950892285313024"
          ],
          "editableUntil" : "2024-03-02T16:34:00.000Z",
          "editsRemaining" : "5",
          "isEditEligible" : false
        }
      },
      "retweeted" : false,
      "source" : "<a href=\"http://twitter.com/download/iphone\" rel=\"nofollow\">Twitter for iPhone</a>",
      "entities" : {
        "hashtags" : [
          {
            "text" : "woodworking",
            "indices" : [
              "79",
              "91"
            ]
          }
        ],
        "symbols" : [ ],
        "user_mentions" : [
          {
            "name" : "Wren Halloway",
            "screen_name" : "wren_makes",
            "indices" : [
              "0",
              "11"
            ],
            "id_str" : "1500000001",
            "id" : "1500000001"
          }
        ],
        "urls" : [
          {
            "url" : "https://t.co/yheg209Dmg",
            "expanded_url" : "https://www.example.com/plans/woodworking/simple-cedar-bird-feeder?ref=wren",
            "display_url" : "example.com/plans/woodwork…",
            "indices" : [
              "55",
              "78"
            ]
          }
        ]
      },
      "display_text_range" : [
        "12",
        "91"
      ],
      "favorite_count" : "1",
      "in_reply_to_status_id_str" : "1763949885652230144",
      "id_str" : "1763950892285313024",
      "in_reply_to_user_id" : "1500000001",
      "truncated" : false,
      "retweet_count" : "3",
      "id" : "1763950892285313024",
      "in_reply_to_status_id" : "1763949885652230144",
      "possibly_sensitive" : false,
      "created_at" : "Sat Mar 02 15:34:00 +0000 2024",
      "favorited" : false,
      "full_text" : "@wren_makes The plans I followed (with a few changes): https://t.co/yheg209Dmg #woodworking",
      "lang" : "en",
      "in_reply_to_screen_name" : "wren_makes",
      "in_reply_to_user_id_str" : "1500000001"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "1763949885652230144"
          ],
          "editableUntil" : "2024-03-02T16:30:00.000Z",
          "editsRemaining" : "5",
          "isEditEligible" : true
        }
      },
      "retweeted" : false,
      "source" : "<a href=\"http://twitter.com/download/android\" rel=\"nofollow\">Twitter for Android</a>",
      "entities" : {
        "hashtags" : [ ],
        "symbols" : [ ],
        "user_mentions" : [ ],
        "urls" : [ ]
      },
      "display_text_range" : [
        "0",
        "82"
      ],
      "favorite_count" : "1",
      "id_str" : "1763949885652230144",
      "truncated" : false,
      "retweet_count" : "0",
      "id" : "1763949885652230144",
      "created_at" : "Sat Mar 02 15:30:00 +0000 2024",
      "favorited" : false,
      "full_text" : "Built a bird feeder from one cedar fence board this weekend. Here is how it went 🧵",
      "lang" : "en"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "1761337673118887936"
          ],
          "editableUntil" : "2024-02-24T11:30:00.000Z",
          "editsRemaining" : "5",
          "isEditEligible" : true
        }
      },
      "retweeted" : false,
      "source" : "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>",
      "entities" : {
        "hashtags" : [ ],
        "symbols" : [ ],
        "user_mentions" : [ ],
        "urls" : [ ]
      },
      "display_text_range" : [
        "0",
        "55"
      ],
      "favorite_count" : "0",
      "id_str" : "1761337673118887936",
      "truncated" : false,
      "retweet_count" : "0",
      "id" : "1761337673118887936",
      "created_at" : "Sat Feb 24 10:30:00 +0000 2024",
      "favorited" : false,
      "full_text" : "Snowdrops are out in the park. Spring is negotiating. 🌱",
      "lang" : "en"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "1756665637894504448"
          ],
          "editableUntil" : "2024-02-11T14:05:00.000Z",
          "editsRemaining" : "5",
          "isEditEligible" : true
        }
      },
      "retweeted" : false,
      "source" : "<a href=\"http://twitter.com/download/iphone\" rel=\"nofollow\">Twitter for iPhone</a>",
      "entities" : {
        "hashtags" : [ ],
        "symbols" : [ ],
        "user_mentions" : [ ],
        "urls" : [ ]
      },
      "display_text_range" : [
        "0",
        "76"
      ],
      "favorite_count" : "0",
      "id_str" : "1756665637894504448",
      "truncated" : false,
      "retweet_count" : "0",
      "id" : "1756665637894504448",
      "created_at" : "Sun Feb 11 13:05:00 +0000 2024",
      "favorited" : false,
      "full_text" : "Sharpened every chisel in the shop today. Deeply satisfying, mildly tedious.",
      "lang" : "en"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "1751299025926316032"
          ],
          "editableUntil" : "2024-01-27T18:40:00.000Z",
          "editsRemaining" : "5",
          "isEditEligible" : true
        }
      },
      "retweeted" : false,
      "source" : "<a href=\"http://twitter.com/download/iphone\" rel=\"nofollow\">Twitter for iPhone</a>",
      "entities" : {
        "hashtags" : [ ],
        "symbols" : [ ],
        "user_mentions" : [ ],
        "urls" : [ ]
      },
      "display_text_range" : [
        "0",
        "77"
      ],
      "favorite_count" : "1",
      "id_str" : "1751299025926316032",
      "truncated" : false,
      "retweet_count" : "3",
      "id" : "1751299025926316032",
      "created_at" : "Sat Jan 27 17:40:00 +0000 2024",
      "favorited" : false,
      "full_text" : "Question for bakers: does anyone else name their starter? Mine is called Gus.",
      "lang" : "en"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "1746478009022332928"
          ],
          "editableUntil" : "2024-01-14T11:23:00.000Z",
          "editsRemaining" : "5",
          "isEditEligible" : false
        }
      },
      "retweeted" : false,
      "source" : "<a href=\"http://twitter.com/download/iphone\" rel=\"nofollow\">Twitter for iPhone</a>",
      "entities" : {
        "hashtags" : [ ],
        "symbols" : [ ],
        "user_mentions" : [
          {
            "name" : "Wren Halloway",
            "screen_name" : "wren_makes",
            "indices" : [
              "0",
              "11"
            ],
            "id_str" : "1500000001",
            "id" : "1500000001"
          }
        ],
        "urls" : [
          {
            "url" : "https://t.co/ecE95SawHJ",
            "expanded_url" : "https://example.org/notes/sourdough-starter-schedule",
            "display_url" : "example.org/notes/sourdoug…",
            "indices" : [
              "72",
              "95"
            ]
          }
        ]
      },
      "display_text_range" : [
        "12",
        "109"
      ],
      "favorite_count" : "1",
      "in_reply_to_status_id_str" : "1746477254047838208",
      "id_str" : "1746478009022332928",
      "in_reply_to_user_id" : "1500000001",
      "truncated" : false,
      "retweet_count" : "0",
      "id" : "1746478009022332928",
      "in_reply_to_status_id" : "1746477254047838208",
      "possibly_sensitive" : false,
      "created_at" : "Sun Jan 14 10:23:00 +0000 2024",
      "favorited" : false,
      "full_text" : "@wren_makes 6/ All my notes, timings and the feeding schedule are here: https://t.co/ecE95SawHJ Happy baking!",
      "lang" : "en",
      "in_reply_to_screen_name" : "wren_makes",
      "in_reply_to_user_id_str" : "1500000001"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "1746477254047838208"
          ],
          "editableUntil" : "2024-01-14T11:20:00.000Z",
          "editsRemaining" : "5",
          "isEditEligible" : false
        }
      },
      "retweeted" : false,
      "source" : "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>",
      "entities" : {
        "hashtags" : [ ],
        "symbols" : [ ],
        "user_mentions" : [
          {
            "name" : "Wren Halloway",
            "screen_name" : "wren_makes",
            "indices" : [
              "0",
              "11"
            ],
            "id_str" : "1500000001",
            "id" : "1500000001"
          }
        ],
        "urls" : [ ]
      },
      "display_text_range" : [
        "12",
        "148"
      ],
      "favorite_count" : "0",
      "in_reply_to_status_id_str" : "1746475744098668544",
      "id_str" : "1746477254047838208",
      "in_reply_to_user_id" : "1500000001",
      "truncated" : false,
      "retweet_count" : "0",
      "id" : "1746477254047838208",
      "in_reply_to_status_id" : "1746475744098668544",
      "created_at" : "Sun Jan 14 10:20:00 +0000 2024",
      "favorited" : false,
      "full_text" : "@wren_makes 5/ Bake in a lidded pot: 250 °C for 20 minutes with the lid on, then 20 more without. The steam from the lid is what gives the big rise.",
      "lang" : "en",
      "in_reply_to_screen_name" : "wren_makes",
      "in_reply_to_user_id_str" : "1500000001"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "1746475744098668544"
          ],
          "editableUntil" : "2024-01-14T11:14:00.000Z",
          "editsRemaining" : "5",
          "isEditEligible" : false
        }
      },
      "retweeted" : false,
      "source" : "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>",
      "entities" : {
        "hashtags" : [ ],
        "symbols" : [ ],
        "user_mentions" : [
          {
            "name" : "Wren Halloway",
            "screen_name" : "wren_makes",
            "indices" : [
              "0",
              "11"
            ],
            "id_str" : "1500000001",
            "id" : "1500000001"
          }
        ],
        "urls" : [ ],
        "media" : [
          {
            "expanded_url" : "https://twitter.com/wren_makes/status/1746475744098668544/photo/1",
            "indices" : [
              "88",
              "111"
            ],
            "url" : "https://t.co/10PBuPYtZj",
            "media_url" : "http://pbs.twimg.com/media/5XAy1MSGNxWsoPu.png",
            "id_str" : "1746475252231942144",
            "id" : "1746475252231942144",
            "media_url_https" : "https://pbs.twimg.com/media/5XAy1MSGNxWsoPu.png",
            "sizes" : {
              "small" : {
                "w" : "320",
                "h" : "200",
                "resize" : "fit"
              },
              "medium" : {
                "w" : "320",
                "h" : "200",
                "resize" : "fit"
              },
              "thumb" : {
                "w" : "150",
                "h" : "150",
                "resize" : "crop"
              },
              "large" : {
                "w" : "320",
                "h" : "200",
                "resize" : "fit"
              }
            },
            "type" : "photo",
            "display_url" : "pic.twitter.com/10PBuPYtZj"
          }
        ]
      },
      "display_text_range" : [
        "12",
        "87"
      ],
      "favorite_count" : "3",
      "in_reply_to_status_id_str" : "1746474989126045696",
      "id_str" : "1746475744098668544",
      "in_reply_to_user_id" : "1500000001",
      "truncated" : false,
      "retweet_count" : "0",
      "id" : "1746475744098668544",
      "in_reply_to_status_id" : "1746474989126045696",
      "possibly_sensitive" : false,
      "created_at" : "Sun Jan 14 10:14:00 +0000 2024",
      "favorited" : false,
      "full_text" : "@wren_makes 4/ This week's loaf: open crumb, crackly crust, and only slightly lopsided. https://t.co/10PBuPYtZj",
      "lang" : "en",
      "in_reply_to_screen_name" : "wren_makes",
      "in_reply_to_user_id_str" : "1500000001",
      "extended_entities" : {
        "media" : [
          {
            "expanded_url" : "https://twitter.com/wren_makes/status/1746475744098668544/photo/1",
            "indices" : [
              "88",
              "111"
            ],
            "url" : "https://t.co/10PBuPYtZj",
            "media_url" : "http://pbs.twimg.com/media/5XAy1MSGNxWsoPu.png",
            "id_str" : "1746475252231942144",
            "id" : "1746475252231942144",
            "media_url_https" : "https://pbs.twimg.com/media/5XAy1MSGNxWsoPu.png",
            "sizes" : {
              "small" : {
                "w" : "320",
                "h" : "200",
                "resize" : "fit"
              },
              "medium" : {
                "w" : "320",
                "h" : "200",
                "resize" : "fit"
              },
              "thumb" : {
                "w" : "150",
                "h" : "150",
                "resize" : "crop"
              },
              "large" : {
                "w" : "320",
                "h" : "200",
                "resize" : "fit"
              }
            },
            "type" : "photo",
            "ext_alt_text" : "A round sourdough loaf on a wooden board, scored with a single curved line, golden brown with a blistered crust.",
            "display_url" : "pic.twitter.com/10PBuPYtZj"
          }
        ]
      }
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "1746474989126045696"
          ],
          "editableUntil" : "2024-01-14T11:11:00.000Z",
          "editsRemaining" : "5",
          "isEditEligible" : false
        }
      },
      "retweeted" : false,
      "source" : "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>",
      "entities" : {
        "hashtags" : [ ],
        "symbols" : [ ],
        "user_mentions" : [
          {
            "name" : "Wren Halloway",
            "screen_name" : "wren_makes",
            "indices" : [
              "0",
              "11"
            ],
            "id_str" : "1500000001",
            "id" : "1500000001"
          }
        ],
        "urls" : [ ]
      },
      "display_text_range" : [
        "12",
        "145"
      ],
      "favorite_count" : "0",
      "in_reply_to_status_id_str" : "1746474234148818944",
      "id_str" : "1746474989126045696",
      "in_reply_to_user_id" : "1500000001",
      "truncated" : false,
      "retweet_count" : "0",
      "id" : "1746474989126045696",
      "in_reply_to_status_id" : "1746474234148818944",
      "created_at" : "Sun Jan 14 10:11:00 +0000 2024",
      "favorited" : false,
      "full_text" : "@wren_makes 3/ Hydration &lt; 70% was my friend while learning. Wetter doughs taste great but spread flat if your shaping is still shaky (mine was).",
      "lang" : "en",
      "in_reply_to_screen_name" : "wren_makes",
      "in_reply_to_user_id_str" : "1500000001"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "1746474234148818944"
          ],
          "editableUntil" : "2024-01-14T11:08:00.000Z",
          "editsRemaining" : "5",
          "isEditEligible" : false
        }
      },
      "retweeted" : false,
      "source" : "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>",
      "entities" : {
        "hashtags" : [ ],
        "symbols" : [ ],
        "user_mentions" : [
          {
            "name" : "Wren Halloway",
            "screen_name" : "wren_makes",
            "indices" : [
              "0",
              "11"
            ],
            "id_str" : "1500000001",
            "id" : "1500000001"
          }
        ],
        "urls" : [ ]
      },
      "display_text_range" : [
        "12",
        "177"
      ],
      "favorite_count" : "0",
      "in_reply_to_status_id_str" : "1746473479174680576",
      "id_str" : "1746474234148818944",
      "in_reply_to_user_id" : "1500000001",
      "truncated" : false,
      "retweet_count" : "1",
      "id" : "1746474234148818944",
      "in_reply_to_status_id" : "1746473479174680576",
      "created_at" : "Sun Jan 14 10:08:00 +0000 2024",
      "favorited" : false,
      "full_text" : "@wren_makes 2/ Starter: equal weights of flour &amp; water, fed every morning. When it doubles in 4-6 hours it is ready. Mine lives on top of the fridge where it is a little warmer.",
      "lang" : "en",
      "in_reply_to_screen_name" : "wren_makes",
      "in_reply_to_user_id_str" : "1500000001"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "1746473479174680576"
          ],
          "editableUntil" : "2024-01-14T11:05:00.000Z",
          "editsRemaining" : "5",
          "isEditEligible" : true
        }
      },
      "retweeted" : false,
      "source" : "<a href=\"http://twitter.com/download/android\" rel=\"nofollow\">Twitter for Android</a>",
      "entities" : {
        "hashtags" : [
          {
            "text" : "sourdough",
            "indices" : [
              "16",
              "26"
            ]
          }
        ],
        "symbols" : [ ],
        "user_mentions" : [ ],
        "urls" : [ ]
      },
      "display_text_range" : [
        "0",
        "154"
      ],
      "favorite_count" : "2",
      "id_str" : "1746473479174680576",
      "truncated" : false,
      "retweet_count" : "0",
      "id" : "1746473479174680576",
      "created_at" : "Sun Jan 14 10:05:00 +0000 2024",
      "favorited" : false,
      "full_text" : "1/ Six weeks of #sourdough experiments, written up so I stop repeating my mistakes. The short version: a lively starter matters more than any fancy flour.",
      "lang" : "en"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "1742458775273660416"
          ],
          "editableUntil" : "2024-01-03T09:12:00.000Z",
          "editsRemaining" : "5",
          "isEditEligible" : true
        }
      },
      "retweeted" : false,
      "source" : "<a href=\"http://twitter.com/download/iphone\" rel=\"nofollow\">Twitter for iPhone</a>",
      "entities" : {
        "hashtags" : [ ],
        "symbols" : [ ],
        "user_mentions" : [ ],
        "urls" : [ ]
      },
      "display_text_range" : [
        "0",
        "69"
      ],
      "favorite_count" : "0",
      "id_str" : "1742458775273660416",
      "truncated" : false,
      "retweet_count" : "2",
      "id" : "1742458775273660416",
      "created_at" : "Wed Jan 03 08:12:00 +0000 2024",
      "favorited" : false,
      "full_text" : "New year, new workbench. Well, a second-hand one, but it's new to me.",
      "lang" : "en"
    }
  }
]